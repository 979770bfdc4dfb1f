using System.Text.RegularExpressions;
using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Fakes;

namespace CalendarSync.Core.Tests.Scenarios;

/// <summary>
/// Plays scenario steps against any <see cref="ISyncWorld"/> and checks the sync's promises after every run that
/// completes: the sides agree, nothing is duplicated or lost, and a run right after writes nothing.
/// </summary>
public sealed class SyncScenarioRunner(ISyncWorld world, StaffSyncOptions options, SyncDirection direction = SyncDirection.Bidirectional)
{
    private readonly Dictionary<ItemKey, LocalItem> _written = [];
    private readonly List<string> _staffEvents = [];
    private bool _continuing;
    private readonly DateOnly _firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(world.Clock.GetUtcNow(), world.Staff.TimeZone).DateTime);

    public int CompletedRuns { get; private set; }

    public int FailedRuns { get; private set; }

    public int PartialRuns { get; private set; }

    public CalendarConnection Connection { get; } = new(world.Staff.Id, world.Staff.Email, direction);

    /// <summary>Plays the steps, then one last run without fault so that every scenario ends checked.</summary>
    public async Task RunAsync(IEnumerable<ScenarioStep> steps, CancellationToken cancellationToken)
    {
        foreach (var step in steps)
        {
            await ApplyAsync(step, cancellationToken);
        }

        await ApplyAsync(new ScenarioStep(StepKind.Sync, Slot: -1), cancellationToken);
    }

    public async Task ApplyAsync(ScenarioStep step, CancellationToken cancellationToken)
    {
        var zone = world.Staff.TimeZone;
        var staffId = world.Staff.Id;
        var slot = step.Slot;
        switch (step.Kind)
        {
            case StepKind.PutAppointment:
                await WriteLocalAsync(new Appointment($"a{slot}", staffId, TimedPeriod(step), $"Customer {slot}", "Haircut",
                    step.Flag ? "Wants a coffee" : null), cancellationToken);
                break;
            case StepKind.CancelAppointment when _written.GetValueOrDefault(new ItemKey(ItemKind.Appointment, $"a{slot}")) is Appointment a:
                await WriteLocalAsync(new Appointment(a.Id, a.StaffId, a.Period, a.CustomerName, a.Title, a.Notes, AppointmentStatus.Cancelled),
                    cancellationToken);
                break;
            case StepKind.PutBlock:
                await WriteLocalAsync(new BlockedSlot($"b{slot}", staffId, PeriodOf(step), BlockOrigin.Local, $"Block {slot}"), cancellationToken);
                break;
            case StepKind.PutException:
                await WriteLocalAsync(new AvailabilityException($"x{slot}", staffId, PeriodOf(step), step.Flag ? "Training" : null), cancellationToken);
                break;
            case StepKind.PutClosure:
                var first = _firstDay.AddDays(step.Day);
                await WriteLocalAsync(new BusinessClosure($"c{slot}", first, first.AddDays(1 + (step.Length % 3)), $"Holiday {slot}"), cancellationToken);
                break;
            case StepKind.DeleteLocal when _written.Count > 0:
                var key = _written.Keys.OrderBy(k => k.ToString(), StringComparer.Ordinal).ElementAt(slot % _written.Count);
                await world.Local.DeleteAsync(key, cancellationToken);
                _written.Remove(key);
                break;
            case StepKind.StaffAddsEvent:
                _staffEvents.Add(await world.StaffCalendar.AddEventAsync(StaffEvent(step), cancellationToken));
                break;
            case StepKind.StaffMovesEvent when _staffEvents.Count > 0:
                await world.StaffCalendar.UpdateEventAsync(_staffEvents[slot % _staffEvents.Count], e => Shifted(e, step.Length, zone), cancellationToken);
                break;
            case StepKind.StaffMovesOneInstance:
                var instances = (await world.StaffCalendar.ListLiveEventsAsync(cancellationToken))
                    .Where(e => e.RecurringEventId is not null)
                    .OrderBy(e => e.Id, StringComparer.Ordinal)
                    .ToList();
                if (instances.Count > 0)
                {
                    await world.StaffCalendar.UpdateEventAsync(instances[slot % instances.Count].Id, e => Shifted(e, step.Length, zone), cancellationToken);
                }

                break;
            case StepKind.StaffDeletesEvent when _staffEvents.Count > 0:
                var deleted = _staffEvents[slot % _staffEvents.Count];
                await world.StaffCalendar.DeleteEventAsync(deleted, cancellationToken);
                _staffEvents.Remove(deleted);
                break;
            case StepKind.StaffShortensSeries when _staffEvents.Count > 0:
                await world.StaffCalendar.UpdateEventAsync(_staffEvents[slot % _staffEvents.Count],
                    e => e with { Recurrence = [.. e.Recurrence.Select(line => Regex.Replace(line, "COUNT=[0-9]+", $"COUNT={step.Repeat}"))] },
                    cancellationToken);
                break;
            case StepKind.StaffDeclinesEvent when _staffEvents.Count > 0:
                await world.StaffCalendar.UpdateEventAsync(_staffEvents[slot % _staffEvents.Count],
                    e => e with { SelfResponse = AttendeeResponse.Declined }, cancellationToken);
                break;
            case StepKind.StaffTogglesFree when _staffEvents.Count > 0:
                await world.StaffCalendar.UpdateEventAsync(_staffEvents[slot % _staffEvents.Count],
                    e => e with { Transparency = e.Transparency == EventTransparency.Opaque ? EventTransparency.Transparent : EventTransparency.Opaque },
                    cancellationToken);
                break;
            case StepKind.StaffMovesOurEvent:
                await ChangeOurEventAsync(slot, e => Shifted(e, step.Length, zone), cancellationToken);
                break;
            case StepKind.StaffRetitlesOurEvent:
                await ChangeOurEventAsync(slot, e => e with { Summary = "Renamed by the staff member" }, cancellationToken);
                break;
            case StepKind.StaffDeletesOurEvent:
                if (await PickOurEventAsync(slot, cancellationToken) is { } ours)
                {
                    await world.StaffCalendar.DeleteEventAsync(ours.Id, cancellationToken);
                }

                break;
            case StepKind.ExpireSyncTokens:
                await world.StaffCalendar.ExpireSyncTokensAsync(cancellationToken);
                break;
            case StepKind.AdvanceClock:
                world.Clock.Advance(TimeSpan.FromHours(step.Length));
                break;
            case StepKind.Sync:
                await SyncAndCheckAsync(step.Slot < 0 ? null : step.Slot, step.Flag, cancellationToken);
                break;
            case StepKind.SyncSlowly:
                await SyncSlowlyAsync(TimeSpan.FromMinutes(step.Length), cancellationToken);
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// One run (maybe with a fault); when it completes, the promises are checked, and a second run must write nothing.
    /// A run that finishes what a budget-cut run began is not checked: like Google's own, a listing continued from a
    /// page token may miss what changed meanwhile, and its token brings that in on the next run.
    /// </summary>
    public async Task SyncAndCheckAsync(int? faultAt, bool dieAfter, CancellationToken cancellationToken)
    {
        var calls = new PortCalls { FaultAt = faultAt, DieAfter = dieAfter };
        SyncRunResult result;
        try
        {
            result = await RunOnceAsync(calls, cancellationToken);
        }
        catch (SyncException ex) when (ex.InnerException is InjectedFaultException)
        {
            // A run that died may leave its lease held (a write whose answer it never saw moved the lease's version):
            // the next run comes once it expired, as the queue's retry would.
            FailedRuns++;
            world.Clock.Advance(options.RunTimeBudget + TimeSpan.FromMinutes(1));
            return;
        }

        Assert.True(result.Outcome == SyncOutcome.Succeeded, $"The run ended {result.Outcome}: {result.Message}");
        if (_continuing)
        {
            _continuing = false;
            return;
        }

        CompletedRuns++;
        await SyncInvariants.AssertSidesAgreeAsync(world, Engine(world.Data, world.State).WindowFor(world.Staff.TimeZone), _written,
            direction, options.ConflictPolicy, cancellationToken);

        var again = new PortCalls();
        var before = (await world.State.GetControlAsync(world.Staff.Id, cancellationToken)).State;
        var second = await RunOnceAsync(again, cancellationToken);
        var after = (await world.State.GetControlAsync(world.Staff.Id, cancellationToken)).State;
        Assert.True(second.Outcome == SyncOutcome.Succeeded, $"The second run ended {second.Outcome}: {second.Message}");
        Assert.True(again.Writes == 0, $"A run right after a completed one made {again.Writes} writes: {string.Join(", ", again.WriteNames)}; state {before} became {after}.");
        Assert.True(again.GoogleCalls <= 1, $"A run with nothing to do made {again.GoogleCalls} Google calls, not one.");
    }

    /// <summary>A run whose Google calls take minutes each; when the budget cuts it, the runs after it continue.</summary>
    public async Task SyncSlowlyAsync(TimeSpan perCall, CancellationToken cancellationToken)
    {
        var result = await RunOnceAsync(new PortCalls(), cancellationToken, new SlowCalendar(world.Calendar, world.Clock, perCall));
        Assert.True(result.Outcome is SyncOutcome.Succeeded or SyncOutcome.Partial, $"The slow run ended {result.Outcome}: {result.Message}");
        if (result.Outcome == SyncOutcome.Partial)
        {
            PartialRuns++;
            _continuing = true;
        }
    }

    private Task<SyncRunResult> RunOnceAsync(PortCalls calls, CancellationToken cancellationToken, ICalendar? calendar = null) =>
        Engine(new RecordingAppointmentData(world.Data, calls), new RecordingSyncStateStore(world.State, calls))
            .RunAsync(world.Staff, Connection, new RecordingCalendar(calendar ?? world.Calendar, calls), cancellationToken);

    private StaffSync Engine(CalendarSync.Core.Data.IAppointmentData data, ISyncStateStore state) => new(data, state, world.Clock, options, EventRendering.Default);

    private async Task WriteLocalAsync(LocalItem draft, CancellationToken cancellationToken) =>
        _written[draft.Key] = await world.Local.SaveAsync(draft, cancellationToken);

    private async Task<CalendarEvent?> PickOurEventAsync(int slot, CancellationToken cancellationToken)
    {
        var ours = (await world.StaffCalendar.ListLiveEventsAsync(cancellationToken))
            .Where(e => EventIds.OwnKey(e) is not null)
            .OrderBy(e => e.Id, StringComparer.Ordinal)
            .ToList();
        return ours.Count == 0 ? null : ours[slot % ours.Count];
    }

    private async Task ChangeOurEventAsync(int slot, Func<CalendarEvent, CalendarEvent> change, CancellationToken cancellationToken)
    {
        if (await PickOurEventAsync(slot, cancellationToken) is { } ours)
        {
            await world.StaffCalendar.UpdateEventAsync(ours.Id, change, cancellationToken);
        }
    }

    private Period PeriodOf(ScenarioStep step) =>
        step.AllDay ? Period.AllDay(_firstDay.AddDays(step.Day), _firstDay.AddDays(step.Day + 1 + (step.Length % 3))) : TimedPeriod(step);

    private Period TimedPeriod(ScenarioStep step)
    {
        var start = LocalInstant(_firstDay.AddDays(step.Day), step.Hour, world.Staff.TimeZone);
        return Period.Timed(start, start.AddMinutes(15 * Math.Max(1, step.Length)));
    }

    private CalendarEvent StaffEvent(ScenarioStep step)
    {
        var zone = world.Staff.TimeZone;
        var period = PeriodOf(step);
        return new CalendarEvent
        {
            Id = string.Empty,
            Summary = $"Staff's own {step.Slot}",
            Start = period.IsAllDay ? EventDateTime.ForDate(period.StartDate) : EventDateTime.ForInstant(period.Start, zone),
            End = period.IsAllDay ? EventDateTime.ForDate(period.EndDate) : EventDateTime.ForInstant(period.End, zone),
            Transparency = step.Flag ? EventTransparency.Transparent : EventTransparency.Opaque,
            SelfResponse = step.Hour % 2 == 1 ? AttendeeResponse.Accepted : AttendeeResponse.None,
            EventType = step.Slot == 5 ? EventType.WorkingLocation : EventType.Default,
            Recurrence = step.Repeat > 0 ? [$"RRULE:FREQ={(step.Day % 2 == 0 ? "DAILY" : "WEEKLY")};COUNT={step.Repeat}"] : [],
        };
    }

    private static CalendarEvent Shifted(CalendarEvent e, int hours, TimeZoneInfo zone)
    {
        if (e.Start?.Date is { } startDate)
        {
            var days = 1 + (hours % 3);
            return e with { Start = EventDateTime.ForDate(startDate.AddDays(days)), End = EventDateTime.ForDate(e.End!.Date!.Value.AddDays(days)) };
        }

        return e with
        {
            Start = EventDateTime.ForInstant(e.Start!.DateTime!.Value.AddHours(hours), zone),
            End = EventDateTime.ForInstant(e.End!.DateTime!.Value.AddHours(hours), zone),
        };
    }

    /// <summary>A local wall-clock time as an instant; the scenarios' hours (7 to 20) exist on every day, DST days included.</summary>
    public static DateTimeOffset LocalInstant(DateOnly day, int hour, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
