using CalendarSync.Core.Data;
using CalendarSync.Azure.Connections;
using CalendarSync.Azure.Data;
using CalendarSync.Azure.Sync;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;
using CalendarSync.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Azure.Tests.Storage;

/// <summary>Ids that would escape a key or a filter never reach one: every store refuses them before any request, and stored data stays as it was.</summary>
public sealed class HostileIdTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> HostileIds =>
    [
        "../x", "a/b", "a\\b", "a#b", "a?b", "'", "%27", "x' or PartitionKey ne '", "x' or true or 'a' eq '",
        new string('a', 2000), "a\u0001b", "a\nb", "a\u007fb", "", " ", "s1 ", "ü", "a:b", "a|b",
    ];

    [Theory]
    [MemberData(nameof(HostileIds))]
    public async Task EveryStore_HostileStaffId_RefusedAndNothingElseMatched(string hostile)
    {
        var token = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(Now);
        var tables = TestTables.Create(azurite);
        var data = new TableAppointmentData(tables, clock);
        var state = new TableSyncStateStore(tables, clock);
        var connections = new TableConnectionStore(tables);
        var log = new TableSyncLog(tables);
        var waitingPushes = new TableWaitingPushSyncStore(tables);
        var key = new ItemKey(ItemKind.Appointment, "a1");
        await data.SaveAsync(new Appointment("a1", "s1", Period.Timed(Now, Now.AddHours(1)), "Jane Doe", "Cut"), token);
        await state.WriteItemsAsync("s1", [ItemStatusWrite.Save(new ItemSyncStatus(key, 1, "ev", null, null, 0))], token);

        await Assert.ThrowsAsync<DomainValidationException>(() => data.GetChangesAsync(hostile, null, 10, token));
        await Assert.ThrowsAsync<DomainValidationException>(() => data.GetItemAsync(hostile, key, token));
        await Assert.ThrowsAsync<DomainValidationException>(() => data.GetItemsInRangeAsync(hostile, Now, Now.AddDays(1), null, 10, token));
        await Assert.ThrowsAsync<DomainValidationException>(() => data.ListBusyAsync(hostile, Now, Now.AddDays(1), token));
        await Assert.ThrowsAsync<DomainValidationException>(() => data.ListBlocksAsync(hostile, null, 10, token));
        await Assert.ThrowsAsync<DomainValidationException>(() => data.DeleteAsync(hostile, key, token));
        await Assert.ThrowsAsync<DomainValidationException>(() => data.WriteGoogleBlocksAsync(hostile, [GoogleBlockWrite.Upsert("ev", Period.Timed(Now, Now.AddHours(1)), null, 1)], token));
        await Assert.ThrowsAsync<DomainValidationException>(() => data.MoveAppointmentAsync(hostile, "a1", Period.Timed(Now, Now.AddHours(1)), 1, token));
        await Assert.ThrowsAsync<DomainValidationException>(() => data.MoveAppointmentAsync("s1", hostile, Period.Timed(Now, Now.AddHours(1)), 1, token));
        await Assert.ThrowsAsync<DomainValidationException>(() => data.DeleteClosureAsync(hostile, token));
        await Assert.ThrowsAsync<DomainValidationException>(() => state.GetControlAsync(hostile, token));
        await Assert.ThrowsAsync<DomainValidationException>(() => state.ListItemsAsync(hostile, null, 10, token));
        await Assert.ThrowsAsync<DomainValidationException>(() => state.CountItemsAsync(hostile, token));
        await Assert.ThrowsAsync<DomainValidationException>(() => state.WriteItemsAsync(hostile, [ItemStatusWrite.Delete(key)], token));
        await Assert.ThrowsAsync<DomainValidationException>(() => connections.GetAsync(hostile, token));
        await Assert.ThrowsAsync<DomainValidationException>(() => connections.FindByChannelAsync(hostile, token));
        await Assert.ThrowsAsync<DomainValidationException>(() => log.ListAsync(hostile, null, 10, token));
        await Assert.ThrowsAsync<DomainValidationException>(() => state.TryAcquireAsync(hostile, TimeSpan.FromMinutes(1), token));
        await Assert.ThrowsAsync<DomainValidationException>(() => waitingPushes.FindAsync(hostile, token));
        await Assert.ThrowsAsync<DomainValidationException>(() => waitingPushes.TryMarkAsync(hostile, Now, null, token));
        await Assert.ThrowsAsync<DomainValidationException>(() => waitingPushes.ClearAsync(hostile, token));
        Assert.Throws<DomainValidationException>(() => new ItemKey(ItemKind.Appointment, hostile));
        Assert.Throws<MalformedSyncRequestException>(() => SyncRequest.Parse(
            $$"""{"version":1,"staffId":{{System.Text.Json.JsonSerializer.Serialize(hostile)}},"reason":"manual","requestedAt":"2026-11-24T09:00:00.0000000+00:00"}"""));

        Assert.Equal(1, await state.CountItemsAsync("s1", token));
        Assert.Single((await data.GetChangesAsync("s1", null, 10, token)).Items);
    }

    [Fact]
    public async Task ItemKeyLookingLikeAFilter_MatchesNothingElse()
    {
        var token = TestContext.Current.CancellationToken;
        var state = new TableSyncStateStore(TestTables.Create(azurite), TimeProvider.System);
        await state.WriteItemsAsync("s1", [ItemStatusWrite.Save(new ItemSyncStatus(new ItemKey(ItemKind.Appointment, "a1"), 1, "ev", null, null, 0))], token);

        // The nearest an id can get to a filter within the id rule: it is a value, and finds only itself.
        Assert.Null(await state.GetItemAsync("s1", new ItemKey(ItemKind.Appointment, "a1.or.PartitionKey.ne."), token));
        Assert.Null(await state.GetItemAsync("s1", new ItemKey(ItemKind.Appointment, "a"), token));
        Assert.Equal(1, await state.CountItemsAsync("s1", token));
    }
}
