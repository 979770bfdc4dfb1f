using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Fakes;

namespace CalendarSync.Core.Tests.Sync;

/// <summary>
/// A Google-origin block's status is stored with the block, in one write: an imported event costs the sync one row, and a
/// block is never without its status nor a status without its block. Blocks and statuses stored apart (as before) are taken over.
/// </summary>
public sealed class StaffSyncBlockStatusTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FirstImport_EachBlockWrittenWithItsStatus_NoStatusInTheSyncState()
    {
        var testbed = new SyncTestbed();
        var events = new List<string>();
        for (var day = 1; day <= 30; day++)
        {
            events.Add(await testbed.StaffAddsAsync(testbed.At(11, day, 12)));
        }

        var calls = new PortCalls();
        var result = await testbed.SyncAsync(calls: calls);

        Assert.Equal(30, result.Imported);
        Assert.DoesNotContain("status.write", calls.WriteNames);
        Assert.Equal(0, await testbed.World.State.CountItemsAsync(testbed.Staff.Id, Token));
        var statuses = await testbed.World.Data.GetGoogleBlockStatusesAsync(testbed.Staff.Id, [.. events.Select(BlockedSlot.KeyForGoogleEvent)], Token);
        foreach (var eventId in events)
        {
            var google = await testbed.Google.GetEventAsync(eventId, Token);
            var status = statuses[BlockedSlot.KeyForGoogleEvent(eventId)];
            Assert.Equal((eventId, google!.ETag, 1L), (status.EventId, status.ETag, status.LocalVersion));
        }
    }

    [Fact]
    public async Task QuietRunThenFullListing_UnchangedBlocks_OnlyTheirEpochIsStamped()
    {
        var testbed = new SyncTestbed();
        await testbed.StaffAddsAsync(testbed.At(11, 3, 12));
        await testbed.StaffAddsAsync(testbed.At(11, 4, 12));
        await testbed.SyncAsync();

        await testbed.Google.ExpireSyncTokensAsync(Token);
        var calls = new PortCalls();
        var result = await testbed.SyncAsync(calls: calls);

        Assert.Equal((0, 0), (result.Imported, result.BlocksRemoved));
        Assert.Contains("data.stampBlocks", calls.WriteNames);
        Assert.DoesNotContain("data.writeBlocks", calls.WriteNames);
        var page = await testbed.World.Data.ListGoogleBlockStatusesAsync(testbed.Staff.Id, null, 10, Token);
        Assert.Equal(2, page.Items.Count);
        Assert.All(page.Items, status => Assert.Equal(page.Items[0].Epoch, status.Epoch));
        Assert.True(page.Items[0].Epoch > 1);
    }

    [Fact]
    public async Task BlockAndStatusStoredApart_ChangedEvent_WrittenAgainWithItsStatus_AndTheOldStatusGoesAtTheNextFullListing()
    {
        var testbed = new SyncTestbed();
        var kept = await testbed.StaffAddsAsync(testbed.At(11, 3, 12), summary: "Dentist");
        var changed = await testbed.StaffAddsAsync(testbed.At(11, 4, 12), summary: "Gym");
        var gone = await testbed.StaffAddsAsync(testbed.At(11, 5, 12), summary: "School run");
        await testbed.SyncAsync();
        var staffId = testbed.Staff.Id;

        // As a version that kept them apart left them: each block without status, each status in the sync state.
        var before = await testbed.World.Data.GetGoogleBlockStatusesAsync(staffId, [.. new[] { kept, changed, gone }.Select(BlockedSlot.KeyForGoogleEvent)], Token);
        foreach (var block in await testbed.GoogleBlocksAsync())
        {
            await testbed.World.Data.WriteGoogleBlocksAsync(staffId, [GoogleBlockWrite.Upsert(block.GoogleEventId!, block.Period, block.Summary, block.Version)], Token);
        }

        await testbed.World.State.WriteItemsAsync(staffId, [.. before.Values.Select(ItemStatusWrite.Save)], Token);
        Assert.All((await testbed.World.Data.ListGoogleBlockStatusesAsync(staffId, null, 10, Token)).Items, status => Assert.Null(status.ETag));

        await testbed.StaffChangesAsync(changed, e => e with { Summary = "Gym, later" });
        await testbed.StaffDeletesAsync(gone);
        var incremental = await testbed.SyncAsync();

        Assert.Equal((1, 1), (incremental.Imported, incremental.BlocksRemoved));
        Assert.Equal(["Dentist", "Gym, later"], (await testbed.GoogleBlocksAsync()).Select(b => b.Summary).Order(StringComparer.Ordinal));
        var afterChange = (await testbed.World.Data.GetGoogleBlockStatusesAsync(staffId, [BlockedSlot.KeyForGoogleEvent(changed)], Token)).Values.Single();
        Assert.Equal((await testbed.Google.GetEventAsync(changed, Token))!.ETag, afterChange.ETag);

        await testbed.Google.ExpireSyncTokensAsync(Token);
        var full = await testbed.SyncAsync();

        Assert.Equal((0, 1), (full.BlocksRemoved, full.Imported));
        Assert.Equal(["Dentist", "Gym, later"], (await testbed.GoogleBlocksAsync()).Select(b => b.Summary).Order(StringComparer.Ordinal));
        Assert.Equal(0, await testbed.World.State.CountItemsAsync(staffId, Token));
        Assert.All((await testbed.World.Data.ListGoogleBlockStatusesAsync(staffId, null, 10, Token)).Items, status => Assert.NotNull(status.ETag));
        Assert.Equal(0, (await testbed.SyncAsync()).Writes);
    }

    [Fact]
    public async Task SyncStateLost_BlocksKept_FirstSyncAgain_RemovesTheBlocksOfEventsGoneAndKeepsTheRest()
    {
        var testbed = new SyncTestbed();
        var kept = await testbed.StaffAddsAsync(testbed.At(11, 3, 12), summary: "Dentist");
        var gone = await testbed.StaffAddsAsync(testbed.At(11, 4, 12), summary: "Gym");
        var away = await testbed.StaffAddsAsync(testbed.At(11, 5, 12), summary: "Trip");
        await testbed.SyncAsync();
        await testbed.Google.ExpireSyncTokensAsync(Token);
        await testbed.SyncAsync();
        await testbed.StaffDeletesAsync(gone);

        // Out of the window: a full listing does not name it at all, so only its sweep can find the block.
        await testbed.StaffChangesAsync(away, SyncTestbed.MovedBy(TimeSpan.FromDays(testbed.Options.WindowFutureDays + 30), TimeZoneInfo.Utc));

        // The sync state starts over (a new storage account, say); the business's database kept the blocks.
        var fresh = new InMemorySyncStateStore(testbed.World.Clock);
        var result = await new StaffSync(testbed.World.Data, fresh, testbed.World.Clock, testbed.Options, testbed.Rendering)
            .RunAsync(testbed.Staff, testbed.Connection, testbed.World.Calendar, Token);

        Assert.Equal(2, result.BlocksRemoved);
        Assert.Equal([kept], (await testbed.GoogleBlocksAsync()).Select(b => b.GoogleEventId));
    }

    [Fact]
    public async Task RunDiesAtTheBlocksWrite_NextRun_ImportsEachOnceWithItsStatus()
    {
        var testbed = new SyncTestbed();
        for (var day = 1; day <= 5; day++)
        {
            await testbed.StaffAddsAsync(testbed.At(11, day, 12));
        }

        await Assert.ThrowsAsync<SyncException>(() => testbed.SyncAsync(calls: new PortCalls { FaultOn = "data.writeBlocks" }));
        Assert.Empty(await testbed.GoogleBlocksAsync());

        var result = await testbed.SyncAsync();

        Assert.Equal(5, result.Imported);
        Assert.Equal(5, (await testbed.GoogleBlocksAsync()).Count);
        Assert.Equal(0, (await testbed.SyncAsync()).Writes);
    }
}
