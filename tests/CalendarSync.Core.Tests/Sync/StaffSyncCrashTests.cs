using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Fakes;

namespace CalendarSync.Core.Tests.Sync;

/// <summary>
/// The order of writes: a run that dies right after any call leaves nothing the next run duplicates or loses. Another
/// store of the appointment data runs the same tests by deriving from this class with its own <see cref="NewTestbed"/>.
/// </summary>
public class StaffSyncCrashTests
{
    /// <summary>The testbed each test runs on: every port in memory here.</summary>
    protected virtual SyncTestbed NewTestbed() => new();

    [Fact]
    public async Task RunDiesAfterInsertBeforeItsStatus_NextRun_DoesNotDuplicateTheEvent()
    {
        var testbed = NewTestbed();
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));

        await Assert.ThrowsAsync<SyncException>(() => testbed.SyncAsync(calls: new PortCalls { FaultOn = "events write", DieAfter = true }));
        var result = await testbed.SyncAsync();

        Assert.Single(await testbed.LiveEventsAsync());
        Assert.Equal(0, result.Created + result.Updated);
    }

    [Fact]
    public async Task RunDiesAfterInsertAndTheItemIsThenDeleted_NextRun_RemovesTheOrphan()
    {
        var testbed = NewTestbed();
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.SyncAsync();
        await testbed.AppointmentAsync("a2", testbed.At(11, 2, 14));

        await Assert.ThrowsAsync<SyncException>(() => testbed.SyncAsync(calls: new PortCalls { FaultOn = "events write", DieAfter = true }));
        await testbed.DeleteAsync(new ItemKey(ItemKind.Appointment, "a2"));
        await testbed.SyncAsync();

        Assert.Equal(EventIds.For(new ItemKey(ItemKind.Appointment, "a1")), Assert.Single(await testbed.LiveEventsAsync()).Id);
    }

    [Fact]
    public async Task RunDiesAfterABlockIsFirstWritten_EventStopsBlocking_NextRun_RemovesTheBlock()
    {
        var testbed = NewTestbed();
        var eventId = await testbed.StaffAddsAsync(testbed.At(11, 3, 12));

        await Assert.ThrowsAsync<SyncException>(() => testbed.SyncAsync(calls: new PortCalls { FaultOn = "data.writeBlocks", DieAfter = true }));
        Assert.Single(await testbed.GoogleBlocksAsync());
        await testbed.StaffChangesAsync(eventId, e => e with { Transparency = EventTransparency.Transparent });
        await testbed.SyncAsync();

        Assert.Empty(await testbed.GoogleBlocksAsync());
    }

    [Fact]
    public async Task RunDiesBeforeSavingTheSyncToken_NextRun_ReappliesWithoutDuplicates()
    {
        var testbed = NewTestbed();
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.StaffAddsAsync(testbed.At(11, 3, 12));
        await testbed.SyncAsync();
        await testbed.StaffAddsAsync(testbed.At(11, 4, 12));
        await testbed.StaffChangesAsync(EventIds.For(new ItemKey(ItemKind.Appointment, "a1")), e => e with { Summary = "Mine now" });

        await Assert.ThrowsAsync<SyncException>(() => testbed.SyncAsync(calls: new PortCalls { FaultOn = "state.save" }));
        await testbed.SyncAsync();

        Assert.Equal(2, (await testbed.GoogleBlocksAsync()).Count);
        Assert.Equal(3, (await testbed.LiveEventsAsync()).Count);
        Assert.Equal("Appointment", (await testbed.EventOfAsync(new ItemKey(ItemKind.Appointment, "a1")))!.Summary);
    }

    [Fact]
    public async Task RunDiesInAFullResync_NextFullResync_StillRestoresWhatWasDeleted()
    {
        var testbed = NewTestbed();
        var key = new ItemKey(ItemKind.Appointment, "a1");
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.AppointmentAsync("a2", testbed.At(11, 2, 12));
        await testbed.SyncAsync();
        await testbed.Google.ExpireSyncTokensAsync(TestContext.Current.CancellationToken);

        // The dying full listing stamps both statuses; a1's event is deleted before the next one.
        await Assert.ThrowsAsync<SyncException>(() => testbed.SyncAsync(calls: new PortCalls { FaultOn = "status.list" }));
        await testbed.StaffDeletesAsync(EventIds.For(key));
        await testbed.SyncAsync();

        Assert.Equal(2, (await testbed.LiveEventsAsync()).Count);
    }
}
