using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Google.Calendar;
using CalendarSync.Google.Sync;
using CalendarSync.Testing;
using GoogleEvent = CalendarSync.Google.Calendar.Data.Event;

namespace CalendarSync.Cli.Tests.Reliability;

/// <summary>
/// A connected staff member: their own hands on their Google calendar (Calendar v3 calls with their grant), and the
/// ledger of what the test wrote on both sides, which the sync must neither lose nor duplicate.
/// </summary>
internal sealed class StaffCalendar(string staffId, string email, TimeZoneInfo zone, CalendarService google) : IDisposable
{
    public string StaffId { get; } = staffId;

    public string Email { get; } = email;

    public TimeZoneInfo Zone { get; } = zone;

    /// <summary>The appointment system's items for this staff member as the test last wrote them (deleted ones removed).</summary>
    public Dictionary<ItemKey, LocalItem> Local { get; } = [];

    /// <summary>The staff member's own single events in Google, by id, with the time they last gave them.</summary>
    public Dictionary<string, Period> Foreign { get; } = new(StringComparer.Ordinal);

    /// <summary>Their recurring event (a daily series): its id, its first occurrence and how many there are.</summary>
    public (string Id, Period First, int Count)? Series { get; private set; }

    /// <summary>Events the staff member ever created (series included): the emulator must have stored no more than these of theirs.</summary>
    public int Created { get; private set; }

    /// <summary>Set when the test revoked their grant: from then on neither side is edited, and their status must say so.</summary>
    public bool Revoked { get; set; }

    public async Task AddEventAsync(Period period, CancellationToken cancellationToken)
    {
        var added = await google.Events.Insert(Draft(period, "Private appointment", recurrence: null), Email).ExecuteAsync(cancellationToken);
        Foreign[added.Id!] = period;
        Created++;
    }

    public async Task MoveEventAsync(string eventId, Period period, CancellationToken cancellationToken)
    {
        await google.Events.Update(Draft(period, "Private appointment (moved)", recurrence: null), Email, eventId).ExecuteAsync(cancellationToken);
        Foreign[eventId] = period;
    }

    public async Task DeleteEventAsync(string eventId, CancellationToken cancellationToken)
    {
        await google.Events.Delete(Email, eventId).ExecuteAsync(cancellationToken);
        Foreign.Remove(eventId);
    }

    public async Task AddSeriesAsync(Period first, int count, CancellationToken cancellationToken)
    {
        var added = await google.Events.Insert(Draft(first, "Daily stand-up", Daily(count)), Email).ExecuteAsync(cancellationToken);
        Series = (added.Id!, first, count);
        Created++;
    }

    /// <summary>Moves every occurrence of the series: the sync must move every instance's block and leave no stale one.</summary>
    public async Task MoveSeriesAsync(Period first, CancellationToken cancellationToken)
    {
        var (id, _, count) = Series ?? throw new InvalidOperationException($"{StaffId} has no series.");
        await google.Events.Update(Draft(first, "Daily stand-up", Daily(count)), Email, id).ExecuteAsync(cancellationToken);
        Series = (id, first, count);
    }

    /// <summary>Every live event, recurring ones expanded into their instances, as the staff member's calendar shows them.</summary>
    public Task<IReadOnlyList<CalendarEvent>> ListLiveAsync(CancellationToken cancellationToken) =>
        LiveEvents.ListAsync(google, Email, cancellationToken);

    public void Dispose() => google.Dispose();

    private static string[] Daily(int count) => [$"RRULE:FREQ=DAILY;COUNT={count}"];

    private GoogleEvent Draft(Period period, string summary, string[]? recurrence)
    {
        var draft = GoogleEventMapper.ToGoogle(
            new CalendarEvent
            {
                Id = "",
                Summary = summary,
                Start = EventDateTime.ForInstant(period.Start, Zone),
                End = EventDateTime.ForInstant(period.End, Zone),
                Recurrence = recurrence ?? [],
            },
            ifMatch: null);
        draft.Id = null;
        return draft;
    }
}
