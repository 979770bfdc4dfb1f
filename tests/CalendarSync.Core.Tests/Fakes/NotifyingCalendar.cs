using CalendarSync.Core.Data;
using CalendarSync.Core.Calendar;

namespace CalendarSync.Core.Tests.Fakes;

/// <summary>
/// A calendar that lets a test act while a run is under way: <see cref="AfterNextList"/> runs once, just after the run's
/// next <c>events.list</c> has been answered, so what it changes in Google is what that listing missed.
/// </summary>
public sealed class NotifyingCalendar(ICalendar inner) : ICalendar
{
    public Func<Task>? AfterNextList { get; set; }

    public async Task<EventPage> ListEventsAsync(EventListRequest request, CancellationToken cancellationToken)
    {
        var page = await inner.ListEventsAsync(request, cancellationToken);
        if (AfterNextList is { } act)
        {
            AfterNextList = null;
            await act();
        }

        return page;
    }

    public Task<EventPage> ListInstancesAsync(string recurringEventId, EventListRequest request, CancellationToken cancellationToken) =>
        inner.ListInstancesAsync(recurringEventId, request, cancellationToken);

    public Task<CalendarEvent?> GetEventAsync(string eventId, CancellationToken cancellationToken) =>
        inner.GetEventAsync(eventId, cancellationToken);

    public Task<CalendarEvent?> MoveEventAsync(string eventId, string destinationCalendarId, CancellationToken cancellationToken) =>
        inner.MoveEventAsync(eventId, destinationCalendarId, cancellationToken);

    // The same calendar by its id stays this one, so that its listings still notify.
    public ICalendar OnCalendar(string calendarId) => inner.OnCalendar(calendarId) is var other && ReferenceEquals(other, inner) ? this : other;

    public Task<IReadOnlyList<CalendarEntry>> ListCalendarsAsync(CancellationToken cancellationToken) => inner.ListCalendarsAsync(cancellationToken);

    public Task<IReadOnlyDictionary<string, CalendarBusy>> QueryFreeBusyAsync(
        IReadOnlyList<string> calendarIds, DateTimeOffset timeMin, DateTimeOffset timeMax, CancellationToken cancellationToken) =>
        inner.QueryFreeBusyAsync(calendarIds, timeMin, timeMax, cancellationToken);

    public Task<IReadOnlyList<EventWriteResult>> WriteAsync(IReadOnlyList<EventWrite> writes, CancellationToken cancellationToken) =>
        inner.WriteAsync(writes, cancellationToken);
}
