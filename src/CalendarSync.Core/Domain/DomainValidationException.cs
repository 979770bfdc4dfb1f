namespace CalendarSync.Core.Domain;

/// <summary>
/// A domain value broke a rule (an end before its start, an unknown time zone, a malformed id). <see cref="Field"/> names
/// the value by its name in the data API (<c>customerName</c>, <c>end</c>), where the rule is about one.
/// </summary>
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

    public DomainValidationException(string field, string message)
        : base(message) => Field = field;

    public string? Field { get; }
}
