using System.Globalization;
using System.Text.RegularExpressions;

namespace CalendarSync.Core.Domain;

/// <summary>
/// The limits of every item the appointment system writes, whichever way it comes in (the data API, <c>calsync</c>, a
/// store's row): text lengths, no control characters, a span of at most <see cref="MaxSpan"/>, days from
/// <see cref="FirstDate"/> to <see cref="LastDate"/>; and the one strict reading of the times and dates it sends. Each
/// refusal is a <see cref="DomainValidationException"/> naming the field as the data API does.
/// </summary>
public static partial class ItemRules
{
    /// <summary>Names, titles, summaries: a line on a booking page.</summary>
    public const int MaxShortText = 200;

    /// <summary>Notes and reasons.</summary>
    public const int MaxLongText = 2000;

    /// <summary>No item of the appointment system spans more than a year.</summary>
    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(366);

    /// <summary>The first day an item may touch.</summary>
    public static readonly DateOnly FirstDate = new(2000, 1, 1);

    /// <summary>The last date an item may name (an all-day item's exclusive end); a time must come before it.</summary>
    public static readonly DateOnly LastDate = new(2100, 1, 1);

    /// <summary>A text that must be there: not blank, and as <see cref="OptionalText"/>.</summary>
    public static string RequiredText(string field, string? text, int maxLength) =>
        string.IsNullOrWhiteSpace(text)
            ? throw new DomainValidationException(field, $"'{field}' is required and must not be blank.")
            : OptionalText(field, text, maxLength)!;

    /// <summary>A text of at most <paramref name="maxLength"/> characters with no control characters but line breaks and tabs.</summary>
    public static string? OptionalText(string field, string? text, int maxLength)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Length > maxLength)
        {
            throw new DomainValidationException(field, $"'{field}' has {text.Length} characters; at most {maxLength} are allowed.");
        }

        if (text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            throw new DomainValidationException(field, $"'{field}' contains control characters.");
        }

        return text;
    }

    /// <summary>Refuses a period that spans more than <see cref="MaxSpan"/> or reaches outside <see cref="FirstDate"/> to <see cref="LastDate"/>.</summary>
    public static void CheckPeriod(Period period)
    {
        if (Violation(period) is var (field, message))
        {
            throw new DomainValidationException(field, message);
        }
    }

    /// <summary>Whether an item may take <paramref name="period"/> (see <see cref="CheckPeriod"/>).</summary>
    public static bool Allows(Period period) => Violation(period) is null;

    /// <summary>
    /// An ISO 8601 instant with an explicit offset (a time without one would be read in the machine's zone, which is
    /// nobody's), in <see cref="FirstDate"/> to <see cref="LastDate"/>.
    /// </summary>
    public static DateTimeOffset ParseInstant(string field, string? text)
    {
        if (text is null || !InstantPattern().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            || !InRange(instant))
        {
            throw new DomainValidationException(
                field, $"'{field}' must be an ISO 8601 time with an offset, such as 2026-12-24T09:30:00+01:00, between {FirstDate:O} and {LastDate:O}.");
        }

        return instant;
    }

    /// <summary>A date written <c>yyyy-MM-dd</c>, from <see cref="FirstDate"/> to <see cref="LastDate"/>.</summary>
    public static DateOnly ParseDate(string field, string? text)
    {
        if (text is null
            || !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || !InRange(date))
        {
            throw new DomainValidationException(field, $"'{field}' must be a date such as 2026-12-24, between {FirstDate:O} and {LastDate:O}.");
        }

        return date;
    }

    private static (string Field, string Message)? Violation(Period period)
    {
        var (startField, endField) = period.IsAllDay ? ("startDate", "endDate") : ("start", "end");
        if (period.IsAllDay ? !InRange(period.StartDate) : !InRange(period.Start))
        {
            return (startField, OutOfRange(startField));
        }

        if (period.IsAllDay ? !InRange(period.EndDate) : !InRange(period.End))
        {
            return (endField, OutOfRange(endField));
        }

        var span = period.IsAllDay ? TimeSpan.FromDays(period.EndDate.DayNumber - period.StartDate.DayNumber) : period.End - period.Start;
        return span > MaxSpan ? (endField, $"An item may span at most {MaxSpan.TotalDays} days.") : null;
    }

    private static string OutOfRange(string field) => $"'{field}' must lie between {FirstDate:O} and {LastDate:O}.";

    private static bool InRange(DateOnly date) => date >= FirstDate && date <= LastDate;

    private static bool InRange(DateTimeOffset instant) =>
        DateOnly.FromDateTime(instant.UtcDateTime) is var day && day >= FirstDate && day < LastDate;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant, 100)]
    private static partial Regex InstantPattern();
}
