using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Core.Tests.Sync;

public sealed class SyncStateResetTests
{
    private static readonly SyncState Synced = new()
    {
        StaffId = "s-1", GoogleSyncToken = "token-7", PullPageToken = "page-2", PullIsFull = true, Epoch = 4,
        LocalWatermark = "w-99", WindowEnd = new DateTimeOffset(2027, 11, 24, 0, 0, 0, TimeSpan.Zero),
    };

    private static readonly DateTimeOffset Nine = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Nine.AddDays(-1));
    private readonly InMemorySyncStateStore _states;
    private readonly InMemoryFunctionPorts _ports;
    private readonly InMemoryAppointmentData _data;
    private readonly SyncStateReset _reset;

    public SyncStateResetTests()
    {
        _states = new InMemorySyncStateStore(_clock);
        _ports = new InMemoryFunctionPorts(_clock, _states);
        _data = new InMemoryAppointmentData("s-1", _clock);
        _reset = new SyncStateReset(_states, _data, new BlocksOf(_data), new SyncProcessorOptions());
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RequireFullResync_Free_DropsEveryPositionKeepsTheEpochAndReleasesTheLease()
    {
        _states.Put(Synced);

        Assert.True(await _reset.RequireFullResyncAsync("s-1", Cancel));

        Assert.Equal(SyncState.Initial("s-1") with { Epoch = 4 }, (await _states.GetControlAsync("s-1", Cancel)).State);
        Assert.Equal(["lease s-1", "release s-1"], _ports.Events);
    }

    [Fact]
    public async Task RequireFullResync_WhileASyncHoldsTheLease_ChangesNothing()
    {
        _states.Put(Synced);
        Assert.NotNull(await _ports.TryAcquireAsync("s-1", TimeSpan.FromMinutes(5), Cancel));

        Assert.False(await _reset.RequireFullResyncAsync("s-1", Cancel));

        Assert.Equal(Synced, (await _states.GetControlAsync("s-1", Cancel)).State);
    }

    [Fact]
    public async Task RequireFullResync_KeepsTheItemStatuses()
    {
        await _states.WriteItemsAsync("s-1", [ItemStatusWrite.Save(new ItemSyncStatus(new ItemKey(ItemKind.Appointment, "a1"), 1, "ev-1", "\"1\"", Nine, 4))], Cancel);

        Assert.True(await _reset.RequireFullResyncAsync("s-1", Cancel));

        Assert.Equal(1, await _states.CountItemsAsync("s-1", Cancel));
    }

    [Fact]
    public async Task ForgetCalendar_DropsStatusesAndGoogleBlocks_KeepsLocalItems_AndStartsANewEpoch()
    {
        _states.Put(Synced);
        for (var i = 0; i < 3; i++)
        {
            await _states.WriteItemsAsync("s-1", [ItemStatusWrite.Save(new ItemSyncStatus(new ItemKey(ItemKind.Appointment, $"a{i}"), 1, $"ev-{i}", null, Nine, 4))], Cancel);
        }

        var hour = Period.Timed(Nine, Nine.AddHours(1));
        await _data.SaveAsync(new Appointment("a0", "s-1", hour, "Jane Doe", "Haircut"), Cancel);
        await _data.SaveAsync(new BlockedSlot("b-local", "s-1", hour, BlockOrigin.Local, "Training"), Cancel);
        await _data.WriteGoogleBlocksAsync("s-1", [GoogleBlockWrite.Upsert("lunch-1", hour, "Lunch", 1)], Cancel);

        var lease = await _states.TryAcquireAsync("s-1", TimeSpan.FromMinutes(5), Cancel);
        lease = await _reset.ForgetCalendarAsync(lease!, Cancel);
        await _states.ReleaseAsync(lease, Cancel);

        Assert.Equal(SyncState.Initial("s-1") with { Epoch = 5 }, (await _states.GetControlAsync("s-1", Cancel)).State);
        Assert.Equal(0, await _states.CountItemsAsync("s-1", Cancel));
        var live = await _data.ListLiveAsync(Cancel);
        Assert.Equal(["a0", "b-local"], live.Select(i => i.Id).Order());
    }

    /// <summary>The store's block listing over the in-memory data; the reset needs nothing else of the store.</summary>
    private sealed class BlocksOf(InMemoryAppointmentData data) : IAppointmentStore
    {
        public async Task<LocalItemPage> ListBlocksAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken) =>
            new([.. (await data.ListLiveAsync(cancellationToken)).OfType<BlockedSlot>()], null);

        public Task<LocalItem> SaveAsync(LocalItem draft, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeleteAsync(string staffId, ItemKey key, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeleteClosureAsync(string closureId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<LocalItem>> ListBusyAsync(
            string staffId, DateTimeOffset rangeStart, DateTimeOffset rangeEnd, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> PurgeTombstonesAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
