using CalendarSync.Core.Calendar;
using CalendarSync.Google.Calendar;
using CalendarSync.Google.Sync;

namespace CalendarSync.Testing;

/// <summary>A calendar as its owner sees it, read with plain Calendar v3 calls: live events, recurring ones expanded into their instances.</summary>
public static class LiveEvents
{
    public static async Task<IReadOnlyList<CalendarEvent>> ListAsync(CalendarService google, string calendarId, CancellationToken cancellationToken)
    {
        var events = new List<CalendarEvent>();
        string? pageToken = null;
        do
        {
            var list = google.Events.List(calendarId);
            list.SingleEvents = true;
            list.MaxResults = 2500;
            list.PageToken = pageToken;
            var page = await list.ExecuteAsync(cancellationToken);
            events.AddRange((page.Items ?? []).Select(GoogleEventMapper.ToCore).Where(e => e.Status != EventStatus.Cancelled));
            pageToken = page.NextPageToken;
        }
        while (pageToken is not null);

        return events;
    }
}
