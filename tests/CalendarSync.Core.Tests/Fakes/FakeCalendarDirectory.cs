using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Tests.Fakes;

/// <summary>A staff member's calendar list in memory; creating a calendar puts it on the list, or is refused as Google refuses a grant without the scope.</summary>
public sealed class FakeCalendarDirectory : ICalendarDirectory
{
    public List<CalendarEntry> Calendars { get; } = [];

    /// <summary>The calendars created, in order.</summary>
    public List<CalendarEntry> Created { get; } = [];

    /// <summary>Creating a calendar is refused with 403, as for a grant without <c>calendar.app.created</c>.</summary>
    public bool RefuseCreate { get; set; }

    public Task<IReadOnlyList<CalendarEntry>> ListCalendarsAsync(CalendarConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<CalendarEntry>>([.. Calendars]);

    public Task<CalendarEntry> CreateCalendarAsync(
        CalendarConnection connection, string summary, string timeZone, string? description, CancellationToken cancellationToken)
    {
        if (RefuseCreate)
        {
            throw new CalendarNotWritableException("Request had insufficient authentication scopes.");
        }

        var created = new CalendarEntry($"c{Created.Count + 1}@group.calendar.google.com", summary, timeZone, CalendarAccessRole.Owner, IsPrimary: false)
        {
            Description = description,
        };
        Created.Add(created);
        Calendars.Add(created);
        return Task.FromResult(created);
    }
}
