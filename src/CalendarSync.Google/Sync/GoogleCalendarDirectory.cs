using CalendarSync.Core.Calendar;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Google.Auth;
using CalendarSync.Google.Calendar;
using CalendarSync.Google.Calendar.Data;

namespace CalendarSync.Google.Sync;

/// <summary>A staff member's calendars on Calendar v3 (<c>calendarList.list</c>, <c>calendars.insert</c>, <c>freeBusy.query</c>), with their stored grant.</summary>
public sealed class GoogleCalendarDirectory(GoogleOAuthClient oauth, CalendarServiceFactory services) : ICalendarDirectory
{
    private const int ListPageSize = 250;

    public async Task<IReadOnlyList<CalendarEntry>> ListCalendarsAsync(CalendarConnection connection, CancellationToken cancellationToken)
    {
        using var service = await OpenAsync(connection, cancellationToken);
        return await ListAsync(service, cancellationToken);
    }

    /// <summary>The calendar list of the grant <paramref name="service"/> holds, paged through; deleted entries left out.</summary>
    internal static async Task<IReadOnlyList<CalendarEntry>> ListAsync(CalendarService service, CancellationToken cancellationToken)
    {
        var entries = new List<CalendarEntry>();
        string? pageToken = null;
        try
        {
            do
            {
                var request = service.CalendarList.List();
                request.MaxResults = ListPageSize;
                request.PageToken = pageToken;
                var page = await request.ExecuteAsync(cancellationToken);
                entries.AddRange((page.Items ?? []).Where(e => e.Deleted != true && e.Id is not null).Select(ToCore));
                pageToken = page.NextPageToken;
            }
            while (pageToken is not null);
        }
        catch (Exception ex) when (GoogleCalendar.Failure(ex, cancellationToken) is { } failure)
        {
            throw failure;
        }

        return entries;
    }

    public async Task<CalendarEntry> CreateCalendarAsync(
        CalendarConnection connection, string summary, string timeZone, string? description, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(summary);
        ArgumentException.ThrowIfNullOrWhiteSpace(timeZone);
        using var service = await OpenAsync(connection, cancellationToken);
        try
        {
            var made = await service.Calendars.Insert(new Calendar.Data.Calendar { Summary = summary, TimeZone = timeZone, Description = description }).ExecuteAsync(cancellationToken);
            return new CalendarEntry(
                made.Id ?? throw new CalendarTransientException("Google answered calendars.insert without an id."),
                made.Summary ?? summary,
                made.TimeZone ?? timeZone,
                CalendarAccessRole.Owner,
                IsPrimary: false)
            {
                Description = made.Description ?? description,
            };
        }
        catch (Exception ex) when (GoogleCalendar.Failure(ex, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>One calendar's part of a free/busy answer: its periods in UTC, or the first reason Google gave for not answering it.</summary>
    internal static CalendarBusy ToCore(FreeBusyCalendar calendar) =>
        calendar.Errors is { Count: > 0 } errors
            ? new CalendarBusy([], errors[0].Reason ?? "unknown")
            : new CalendarBusy(
                (calendar.Busy ?? [])
                    .Select(period => new BusyPeriod(period.StartDateTimeOffset!.Value.ToUniversalTime(), period.EndDateTimeOffset!.Value.ToUniversalTime()))
                    .ToList(),
                null);

    private static CalendarEntry ToCore(CalendarListEntry entry) => new(
        entry.Id!,
        entry.Summary ?? entry.Id!,
        entry.TimeZone ?? "UTC",
        AccessRole(entry.AccessRole),
        entry.Primary == true)
    {
        Description = string.IsNullOrEmpty(entry.Description) ? null : entry.Description,
    };

    /// <summary>Google's role names; one we do not know is taken as the weakest, so nothing is written or read in full on a guess.</summary>
    private static CalendarAccessRole AccessRole(string? role) => role switch
    {
        "owner" => CalendarAccessRole.Owner,
        "writer" or "writerWithoutPrivateAccess" => CalendarAccessRole.Writer,
        "reader" => CalendarAccessRole.Reader,
        _ => CalendarAccessRole.FreeBusyReader,
    };

    private Task<CalendarService> OpenAsync(CalendarConnection connection, CancellationToken cancellationToken) =>
        StaffCalendarService.OpenAsync(oauth, services, connection, "their calendar list cannot be read", cancellationToken);
}
