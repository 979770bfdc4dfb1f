using CalendarSync.Core.Data;
using CalendarSync.Core.Calendar;

namespace CalendarSync.Core.Tests.Fakes;

public sealed class RecordingCalendar(ICalendar inner, PortCalls calls) : ICalendar
{
    public Task<EventPage> ListEventsAsync(EventListRequest request, CancellationToken cancellationToken) =>
        calls.CallAsync("events.list", google: true, write: false, () => inner.ListEventsAsync(request, cancellationToken));

    public Task<EventPage> ListInstancesAsync(string recurringEventId, EventListRequest request, CancellationToken cancellationToken) =>
        calls.CallAsync("events.instances", google: true, write: false, () => inner.ListInstancesAsync(recurringEventId, request, cancellationToken));

    public Task<CalendarEvent?> GetEventAsync(string eventId, CancellationToken cancellationToken) =>
        calls.CallAsync("events.get", google: true, write: false, () => inner.GetEventAsync(eventId, cancellationToken));

    public Task<CalendarEvent?> MoveEventAsync(string eventId, string destinationCalendarId, CancellationToken cancellationToken) =>
        calls.CallAsync("events.move", google: true, write: true, () => inner.MoveEventAsync(eventId, destinationCalendarId, cancellationToken));

    public ICalendar OnCalendar(string calendarId) => new RecordingCalendar(inner.OnCalendar(calendarId), calls);

    public Task<IReadOnlyList<CalendarEntry>> ListCalendarsAsync(CancellationToken cancellationToken) =>
        calls.CallAsync("calendarList.list", google: true, write: false, () => inner.ListCalendarsAsync(cancellationToken));

    public Task<IReadOnlyDictionary<string, CalendarBusy>> QueryFreeBusyAsync(
        IReadOnlyList<string> calendarIds, DateTimeOffset timeMin, DateTimeOffset timeMax, CancellationToken cancellationToken) =>
        calls.CallAsync("freebusy.query", google: true, write: false, () => inner.QueryFreeBusyAsync(calendarIds, timeMin, timeMax, cancellationToken));

    public Task<IReadOnlyList<EventWriteResult>> WriteAsync(IReadOnlyList<EventWrite> writes, CancellationToken cancellationToken) =>
        calls.CallAsync("events write", google: true, write: true, () => inner.WriteAsync(writes, cancellationToken));
}
