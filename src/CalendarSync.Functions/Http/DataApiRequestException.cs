namespace CalendarSync.Functions.Http;

/// <summary>A data API request the caller must fix; <see cref="Field"/> names the part that is wrong, the answer is a 400.</summary>
public sealed class DataApiRequestException : Exception
{
    public DataApiRequestException()
    {
    }

    public DataApiRequestException(string message)
        : base(message)
    {
    }

    public DataApiRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DataApiRequestException(string field, string message)
        : base(message) => Field = field;

    public string? Field { get; }
}
