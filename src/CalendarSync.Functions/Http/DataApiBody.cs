using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CalendarSync.Core.Domain;
using Microsoft.AspNetCore.Http;

namespace CalendarSync.Functions.Http;

/// <summary>
/// A data API body read strictly: one JSON object of known fields, each of the right type and within its limits.
/// Anything else is a <see cref="DataApiRequestException"/> naming the field, never a guess.
/// </summary>
internal sealed partial class DataApiBody : IDisposable
{
    /// <summary>Larger bodies are refused unread (413); a real item is well under 4 KB.</summary>
    public const int MaxBytes = 64 * 1024;

    public const int MaxShortText = 200;

    public const int MaxLongText = 2000;

    /// <summary>No item of the appointment system spans more than a year.</summary>
    public static readonly TimeSpan MaxItemSpan = TimeSpan.FromDays(366);

    private static readonly DateOnly FirstDate = new(2000, 1, 1);
    private static readonly DateOnly LastDate = new(2100, 1, 1);

    private readonly JsonDocument _document;

    private DataApiBody(JsonDocument document) => _document = document;

    private JsonElement Root => _document.RootElement;

    /// <summary>Reads the body; null when it is larger than <see cref="MaxBytes"/> (the caller answers 413).</summary>
    public static async Task<DataApiBody?> ReadAsync(HttpRequest request, IReadOnlySet<string> fields, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return null;
        }

        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length
            && (read = await request.Body.ReadAsync(buffer.AsMemory(length, buffer.Length - length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > MaxBytes)
        {
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.AsMemory(0, length), new JsonDocumentOptions { MaxDepth = 4 });
        }
        catch (JsonException)
        {
            throw new DataApiRequestException("body", "The body is not valid JSON.");
        }

        var body = new DataApiBody(document);
        try
        {
            body.CheckShape(fields);
            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    public bool Has(string name) => Root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public string RequiredText(string name, int maxLength) =>
        OptionalText(name, maxLength) is { } text && !string.IsNullOrWhiteSpace(text)
            ? text
            : throw new DataApiRequestException(name, $"'{name}' is required and must not be blank.");

    public string? OptionalText(string name, int maxLength)
    {
        if (!Has(name))
        {
            return null;
        }

        var value = Root.GetProperty(name);
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new DataApiRequestException(name, $"'{name}' must be a string, not a JSON {value.ValueKind}.");
        }

        var text = value.GetString()!;
        if (text.Length > maxLength)
        {
            throw new DataApiRequestException(name, $"'{name}' has {text.Length} characters; at most {maxLength} are allowed.");
        }

        if (text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            throw new DataApiRequestException(name, $"'{name}' contains control characters.");
        }

        return text;
    }

    /// <summary>
    /// The item's time: <c>start</c>/<c>end</c> (ISO 8601 instants with an offset) or, where <paramref name="allDayAllowed"/>,
    /// <c>startDate</c>/<c>endDate</c> (whole days, end exclusive).
    /// </summary>
    public Period ReadPeriod(bool allDayAllowed)
    {
        var timed = Has("start") || Has("end");
        var allDay = Has("startDate") || Has("endDate");
        if (timed && allDay)
        {
            throw new DataApiRequestException("start", "Give either 'start' and 'end' or 'startDate' and 'endDate', not both.");
        }

        if (allDay || (!timed && allDayAllowed))
        {
            if (!allDayAllowed)
            {
                throw new DataApiRequestException("startDate", "This item needs 'start' and 'end' times, not whole days.");
            }

            var startDate = Date("startDate");
            var endDate = Date("endDate");
            if (endDate <= startDate)
            {
                throw new DataApiRequestException("endDate", "'endDate' (exclusive) must be after 'startDate'.");
            }

            if (endDate.DayNumber - startDate.DayNumber > MaxItemSpan.TotalDays)
            {
                throw new DataApiRequestException("endDate", $"An item may span at most {MaxItemSpan.TotalDays} days.");
            }

            return Period.AllDay(startDate, endDate);
        }

        var start = Instant("start");
        var end = Instant("end");
        if (end <= start)
        {
            throw new DataApiRequestException("end", "'end' must be after 'start'.");
        }

        if (end - start > MaxItemSpan)
        {
            throw new DataApiRequestException("end", $"An item may span at most {MaxItemSpan.TotalDays} days.");
        }

        return Period.Timed(start, end);
    }

    public DateOnly Date(string name)
    {
        var text = RequiredText(name, 10);
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || date < FirstDate || date > LastDate)
        {
            throw new DataApiRequestException(name, $"'{name}' must be a date such as 2026-12-24, between {FirstDate:O} and {LastDate:O}.");
        }

        return date;
    }

    public DateTimeOffset Instant(string name) => ParseInstant(name, RequiredText(name, 40));

    /// <summary>An ISO 8601 instant with an explicit offset (a time without one would be read in the server's zone) in 2000 to 2100.</summary>
    public static DateTimeOffset ParseInstant(string name, string? text)
    {
        if (text is null || !InstantPattern().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            || DateOnly.FromDateTime(instant.UtcDateTime) < FirstDate || DateOnly.FromDateTime(instant.UtcDateTime) >= LastDate)
        {
            throw new DataApiRequestException(
                name, $"'{name}' must be an ISO 8601 time with an offset, such as 2026-12-24T09:30:00+01:00, between {FirstDate:O} and {LastDate:O}.");
        }

        return instant;
    }

    public void Dispose() => _document.Dispose();

    private void CheckShape(IReadOnlySet<string> fields)
    {
        if (Root.ValueKind != JsonValueKind.Object)
        {
            throw new DataApiRequestException("body", $"The body must be a JSON object, not a JSON {Root.ValueKind}.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in Root.EnumerateObject())
        {
            if (!fields.Contains(property.Name))
            {
                throw new DataApiRequestException("body", $"Unknown field '{Printable(property.Name)}'; the fields are {string.Join(", ", fields.Order(StringComparer.Ordinal))}.");
            }

            if (!seen.Add(property.Name))
            {
                throw new DataApiRequestException(property.Name, $"'{property.Name}' is given twice.");
            }
        }
    }

    // Field names are echoed in JSON only, but cut and stripped of control characters so they also stay harmless in logs.
    private static string Printable(string value) =>
        new((value.Length > 64 ? value[..64] : value).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant, 100)]
    private static partial Regex InstantPattern();
}
