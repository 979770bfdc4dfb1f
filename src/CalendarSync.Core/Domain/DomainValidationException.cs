namespace CalendarSync.Core.Domain;

/// <summary>A domain value broke a rule (an end before its start, an unknown time zone, a malformed id).</summary>
public sealed class DomainValidationException : Exception
{
    public DomainValidationException()
    {
    }

    public DomainValidationException(string message)
        : base(message)
    {
    }

    public DomainValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
