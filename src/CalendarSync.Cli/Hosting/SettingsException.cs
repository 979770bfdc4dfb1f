namespace CalendarSync.Cli.Hosting;

/// <summary>calsync cannot start with these settings; the message names the setting to fix. Exit code 2.</summary>
internal sealed class SettingsException : Exception
{
    public SettingsException()
    {
    }

    public SettingsException(string message)
        : base(message)
    {
    }

    public SettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
