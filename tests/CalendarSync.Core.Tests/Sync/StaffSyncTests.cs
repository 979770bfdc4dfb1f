using CalendarSync.Core.Data;
using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Fakes;

namespace CalendarSync.Core.Tests.Sync;

public sealed class StaffSyncTests
{
    [Fact]
    public async Task RunAsync_NothingChangedOnEitherSide_CostsOneGoogleCallAndNoWrites()
    {
        var testbed = new SyncTestbed();
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.StaffAddsAsync(testbed.At(11, 3, 12));
        await testbed.SyncAsync();

        var result = await testbed.SyncAsync();

        Assert.Equal(SyncOutcome.Succeeded, result.Outcome);
        Assert.Equal(1, testbed.LastCalls.GoogleCalls);
        Assert.Equal(0, testbed.LastCalls.Writes);
    }

    [Fact]
    public async Task RunAsync_FirstSync_ReportsCountsAndAFullResync()
    {
        var testbed = new SyncTestbed();
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.AppointmentAsync("a2", testbed.At(11, 2, 12));
        await testbed.StaffAddsAsync(testbed.At(11, 3, 12));

        var result = await testbed.SyncAsync();

        Assert.Equal((2, 1, true), (result.Created, result.Imported, result.FullResync));
        Assert.Equal("s1", result.StaffId);
        Assert.Equal(SyncTestbed.Now, result.StartedAt);
    }

    [Fact]
    public async Task RunAsync_TimeBudgetRunsOut_StopsBetweenPagesAndTheNextRunsContinue()
    {
        var testbed = new SyncTestbed(o =>
        {
            o.PageSize = 3;
            o.RunTimeBudget = TimeSpan.FromMinutes(2);
        });
        for (var i = 0; i < 12; i++)
        {
            await testbed.AppointmentAsync($"a{i}", testbed.At(11, 2 + i, 10));
            await testbed.StaffAddsAsync(testbed.At(11, 2 + i, 14));
        }

        var slow = new SlowCalendar(testbed.World.Calendar, testbed.World.Clock, TimeSpan.FromMinutes(1));
        var outcomes = new List<SyncOutcome>();
        do
        {
            outcomes.Add((await testbed.SyncAsync(slow)).Outcome);
        }
        while (outcomes[^1] != SyncOutcome.Succeeded && outcomes.Count < 20);

        Assert.Equal(SyncOutcome.Partial, outcomes[0]);
        Assert.Equal(SyncOutcome.Succeeded, outcomes[^1]);
        Assert.Equal(24, (await testbed.LiveEventsAsync()).Count);
        Assert.Equal(12, (await testbed.GoogleBlocksAsync()).Count);
    }

    [Fact]
    public async Task RunAsync_GrantRevoked_ReportsReauthRequiredWithoutThrowing()
    {
        var testbed = new SyncTestbed();

        var result = await testbed.SyncAsync(new FailingCalendar(new CalendarGrantRevokedException()));

        Assert.Equal(SyncOutcome.ReauthRequired, result.Outcome);
    }

    [Fact]
    public async Task RunAsync_CalendarNotWritable_ReportsIt()
    {
        var testbed = new SyncTestbed();
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));

        var result = await testbed.SyncAsync(new FailingCalendar(new CalendarNotWritableException()));

        Assert.Equal(SyncOutcome.CalendarNotWritable, result.Outcome);
    }

    [Fact]
    public async Task RunAsync_TransientGoogleFailure_ThrowsSyncExceptionNamingTheStage()
    {
        var testbed = new SyncTestbed();
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));

        var failure = await Assert.ThrowsAsync<SyncException>(() => testbed.SyncAsync(new FailingCalendar(new CalendarTransientException())));

        Assert.Equal(SyncStage.Push, failure.Stage);
        Assert.Equal(SyncOutcome.Failed, failure.Result.Outcome);
        Assert.IsType<CalendarTransientException>(failure.InnerException);
    }

    [Fact]
    public async Task RunAsync_MoreDeletesThanTheAllowedShare_StopsBeforeDeletingAndReports()
    {
        var testbed = new SyncTestbed(o =>
        {
            o.MassDeleteMaxShare = 0.5;
            o.MassDeleteMinimum = 5;
        });
        for (var i = 0; i < 30; i++)
        {
            await testbed.AppointmentAsync($"a{i}", testbed.At(11, 2, 7).AddMinutes(20 * i), 15);
        }

        await testbed.SyncAsync();
        for (var i = 0; i < 20; i++)
        {
            await testbed.DeleteAsync(new ItemKey(ItemKind.Appointment, $"a{i}"));
        }

        var braked = await testbed.SyncAsync();

        Assert.Equal(SyncOutcome.MassDeleteBlocked, braked.Outcome);
        Assert.Equal(30, (await testbed.LiveEventsAsync()).Count);
        Assert.Equal(SyncOutcome.MassDeleteBlocked, (await testbed.SyncAsync()).Outcome);
    }

    [Fact]
    public async Task RunAsync_BrakeOverriddenByAnOperator_Deletes()
    {
        var testbed = new SyncTestbed(o => o.MassDeleteMinimum = 0);
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.SyncAsync();
        await testbed.DeleteAsync(new ItemKey(ItemKind.Appointment, "a1"));

        Assert.Equal(SyncOutcome.MassDeleteBlocked, (await testbed.SyncAsync()).Outcome);
        var result = await testbed.SyncAsync(allowMassDelete: true);

        Assert.Equal((SyncOutcome.Succeeded, 1), (result.Outcome, result.Deleted));
        Assert.Empty(await testbed.LiveEventsAsync());
    }

    [Fact]
    public void WindowFor_Defaults_RunFromLocalMidnight30DaysBackTo365DaysAhead()
    {
        var testbed = new SyncTestbed();

        var window = testbed.Engine.WindowFor(testbed.Staff.TimeZone);

        Assert.Equal(new DateTimeOffset(2026, 9, 19, 22, 0, 0, TimeSpan.Zero), window.From);
        Assert.Equal(new DateTimeOffset(2027, 10, 20, 22, 0, 0, TimeSpan.Zero), window.To);
    }

    private sealed class FailingCalendar(CalendarException failure) : ICalendar
    {
        public Task<EventPage> ListEventsAsync(EventListRequest request, CancellationToken cancellationToken) => throw failure;

        public Task<EventPage> ListInstancesAsync(string recurringEventId, EventListRequest request, CancellationToken cancellationToken) =>
            throw failure;

        public Task<CalendarEvent?> GetEventAsync(string eventId, CancellationToken cancellationToken) => throw failure;

        public Task<CalendarEvent?> MoveEventAsync(string eventId, string destinationCalendarId, CancellationToken cancellationToken) => throw failure;

        public Task<IReadOnlyList<CalendarEntry>> ListCalendarsAsync(CancellationToken cancellationToken) => throw failure;

        public ICalendar OnCalendar(string calendarId) => this;

        public Task<IReadOnlyDictionary<string, CalendarBusy>> QueryFreeBusyAsync(
            IReadOnlyList<string> calendarIds, DateTimeOffset timeMin, DateTimeOffset timeMax, CancellationToken cancellationToken) => throw failure;

        public Task<IReadOnlyList<EventWriteResult>> WriteAsync(IReadOnlyList<EventWrite> writes, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<EventWriteResult>>([.. writes.Select(_ => new EventWriteResult(EventWriteOutcome.Failed, Error: failure))]);
    }
}
