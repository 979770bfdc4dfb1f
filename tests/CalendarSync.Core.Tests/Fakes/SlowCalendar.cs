using CalendarSync.Core.Data;
using CalendarSync.Core.Calendar;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Core.Tests.Fakes;

/// <summary>A calendar that costs time: each call moves the fake clock on, so that a run meets its time budget.</summary>
public sealed class SlowCalendar(ICalendar inner, FakeTimeProvider clock, TimeSpan perCall) : ICalendar
{
    public Task<EventPage> ListEventsAsync(EventListRequest request, CancellationToken cancellationToken)
    {
        clock.Advance(perCall);
        return inner.ListEventsAsync(request, cancellationToken);
    }

    public Task<EventPage> ListInstancesAsync(string recurringEventId, EventListRequest request, CancellationToken cancellationToken)
    {
        clock.Advance(perCall);
        return inner.ListInstancesAsync(recurringEventId, request, cancellationToken);
    }

    public Task<CalendarEvent?> GetEventAsync(string eventId, CancellationToken cancellationToken)
    {
        clock.Advance(perCall);
        return inner.GetEventAsync(eventId, cancellationToken);
    }

    public Task<CalendarEvent?> MoveEventAsync(string eventId, string destinationCalendarId, CancellationToken cancellationToken)
    {
        clock.Advance(perCall);
        return inner.MoveEventAsync(eventId, destinationCalendarId, cancellationToken);
    }

    public ICalendar OnCalendar(string calendarId) => new SlowCalendar(inner.OnCalendar(calendarId), clock, perCall);

    public Task<IReadOnlyList<CalendarEntry>> ListCalendarsAsync(CancellationToken cancellationToken)
    {
        clock.Advance(perCall);
        return inner.ListCalendarsAsync(cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, CalendarBusy>> QueryFreeBusyAsync(
        IReadOnlyList<string> calendarIds, DateTimeOffset timeMin, DateTimeOffset timeMax, CancellationToken cancellationToken)
    {
        clock.Advance(perCall);
        return inner.QueryFreeBusyAsync(calendarIds, timeMin, timeMax, cancellationToken);
    }

    public Task<IReadOnlyList<EventWriteResult>> WriteAsync(IReadOnlyList<EventWrite> writes, CancellationToken cancellationToken)
    {
        clock.Advance(perCall);
        return inner.WriteAsync(writes, cancellationToken);
    }
}
