using CalendarSync.Google.Errors;

namespace CalendarSync.Google.Calendar;

/// <summary>What one request of a batch came to: its response, or the kind of its failure.</summary>
public sealed record BatchOutcome<TResponse>(TResponse? Response, GoogleErrorKind? Error, string? ErrorMessage)
{
    public bool Succeeded => Error is null;
}
