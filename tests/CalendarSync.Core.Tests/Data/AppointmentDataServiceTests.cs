using CalendarSync.Core.Connections;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Fakes;

namespace CalendarSync.Core.Tests.Data;

public sealed class AppointmentDataServiceTests
{
    private static readonly DateTimeOffset Nine = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void Merge_OverlappingTouchingAndApart_GivesEachBusyStretchOnce()
    {
        var merged = AppointmentDataService.Merge(
        [
            Busy(0, 60),
            Busy(30, 90),
            Busy(90, 120),
            Busy(100, 110),
            Busy(180, 240),
        ]);

        Assert.Equal([Busy(0, 120), Busy(180, 240)], merged);
    }

    [Fact]
    public void Merge_Nothing_GivesNothing() => Assert.Empty(AppointmentDataService.Merge([]));

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    [InlineData(94 * 24 * 60)]
    public async Task GetBusyAsync_EmptyReversedOrHugeRange_IsRefusedBeforeReading(int minutes)
    {
        var store = new ListBusyStore();
        var service = Service(store, new InMemoryFunctionPorts(TimeProvider.System));

        await Assert.ThrowsAsync<DomainValidationException>(() =>
            service.GetBusyAsync("s-1", Nine, Nine.AddMinutes(minutes), null, Cancel));
        Assert.Equal(0, store.Reads);
    }

    [Fact]
    public async Task GetBusyAsync_UnknownZone_IsRefused()
    {
        var service = Service(new ListBusyStore(), new InMemoryFunctionPorts(TimeProvider.System));

        await Assert.ThrowsAsync<DomainValidationException>(() =>
            service.GetBusyAsync("s-1", Nine, Nine.AddDays(1), "Mars/Olympus_Mons", Cancel));
    }

    [Fact]
    public async Task GetBusyAsync_CancelledAppointment_IsNotBusy()
    {
        var store = new ListBusyStore
        {
            Items =
            [
                new Appointment("a-1", "s-1", Period.Timed(Nine, Nine.AddHours(1)), "Jane", "x", status: AppointmentStatus.Cancelled),
                new Appointment("a-2", "s-1", Period.Timed(Nine.AddHours(2), Nine.AddHours(3)), "Joe", "x"),
            ],
        };
        var service = Service(store, new InMemoryFunctionPorts(TimeProvider.System));

        var busy = await service.GetBusyAsync("s-1", Nine, Nine.AddDays(1), "UTC", Cancel);

        Assert.Equal([new BusyPeriod(Nine.AddHours(2), Nine.AddHours(3))], busy.Periods);
    }

    [Fact]
    public async Task SaveAsync_SyncNow_QueuesOneManualRequestForTheStaffMember()
    {
        var ports = new InMemoryFunctionPorts(TimeProvider.System);
        ports.Add(Connection("s-1", ConnectionStatus.Active));
        var service = Service(new ListBusyStore(), ports);

        var write = await service.SaveAsync(
            new BlockedSlot("b-1", "s-1", Period.Timed(Nine, Nine.AddHours(1)), BlockOrigin.Local), syncNow: true, Cancel);

        Assert.Equal(1, write.SyncsQueued);
        Assert.Null(write.Warning);
        var (request, delay) = Assert.Single(ports.Queued);
        Assert.Equal(("s-1", SyncReason.Manual), (request.StaffId, request.Reason));
        Assert.Null(delay);
    }

    [Fact]
    public async Task SaveAsync_StaffMemberNeverConnected_StoresQueuesNothingAndWarns()
    {
        var ports = new InMemoryFunctionPorts(TimeProvider.System);
        var store = new ListBusyStore();
        var service = Service(store, ports);

        var write = await service.SaveAsync(
            new BlockedSlot("b-1", "ghost", Period.Timed(Nine, Nine.AddHours(1)), BlockOrigin.Local), syncNow: true, Cancel);

        Assert.NotNull(write.Item);
        Assert.Equal(0, write.SyncsQueued);
        Assert.Empty(ports.Queued);
        Assert.Contains("'ghost' has no calendar connection", write.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveAsync_StaffMemberDisconnected_WarnsThatItWaitsForTheReconnect()
    {
        var ports = new InMemoryFunctionPorts(TimeProvider.System);
        ports.Add(Connection("s-1", ConnectionStatus.Disabled));
        var service = Service(new ListBusyStore(), ports);

        var write = await service.SaveAsync(
            new BlockedSlot("b-1", "s-1", Period.Timed(Nine, Nine.AddHours(1)), BlockOrigin.Local), syncNow: true, Cancel);

        Assert.Equal(0, write.SyncsQueued);
        Assert.Contains("once they reconnect", write.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveClosureAsync_SyncNowWithMoreConnectionsThanOnePage_QueuesEveryEnabledOne()
    {
        var ports = new InMemoryFunctionPorts(TimeProvider.System);
        for (var i = 0; i < 1203; i++)
        {
            ports.Add(Connection($"s-{i:0000}", i % 100 == 0 ? ConnectionStatus.Disabled : ConnectionStatus.Active));
        }

        var write = await Service(new ListBusyStore(), ports).SaveClosureAsync(
            new BusinessClosure("c-1", new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 27), "Christmas"), syncNow: true, Cancel);

        Assert.Equal(1203 - 13, write.SyncsQueued);
        var queued = ports.QueuedPages.SelectMany(p => p.Requests).ToList();
        Assert.Equal(1203 - 13, queued.Count);
        Assert.Equal(1203 - 13, queued.Select(r => r.StaffId).Distinct().Count());
        Assert.All(queued, r => Assert.Equal(SyncReason.Manual, r.Reason));
    }

    private static ConnectionRecord Connection(string staffId, ConnectionStatus status) => new()
    {
        Connection = new CalendarConnection(staffId, staffId + "@example.com", status: status),
        TimeZoneId = "Europe/Berlin",
        Email = staffId + "@example.com",
    };

    [Fact]
    public async Task SaveAndDeleteAsync_GoogleOriginBlock_AreRefusedBeforeTheStore()
    {
        var store = new ListBusyStore();
        var service = Service(store, new InMemoryFunctionPorts(TimeProvider.System));
        var block = new BlockedSlot(BlockedSlot.IdForGoogleEvent("e1"), "s-1", Period.Timed(Nine, Nine.AddHours(1)), BlockOrigin.Google, googleEventId: "e1");

        var save = await Assert.ThrowsAsync<DomainValidationException>(() => service.SaveAsync(block, syncNow: false, Cancel));
        var delete = await Assert.ThrowsAsync<DomainValidationException>(() => service.DeleteAsync("s-1", block.Key, syncNow: false, Cancel));

        Assert.Equal(("id", "id"), (save.Field, delete.Field));
        Assert.Equal(0, store.Writes);
    }

    [Fact]
    public async Task SaveAsync_ClosureWithSyncNow_QueuesEveryEnabledConnection()
    {
        var ports = new InMemoryFunctionPorts(TimeProvider.System);
        ports.Add(Connection("s-1", ConnectionStatus.Active));
        ports.Add(Connection("s-2", ConnectionStatus.Active));
        ports.Add(Connection("s-3", ConnectionStatus.Disabled));
        var service = Service(new ListBusyStore(), ports);

        var write = await service.SaveAsync(new BusinessClosure("c-1", new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 27), "Christmas"), syncNow: true, Cancel);

        Assert.Equal(2, write.SyncsQueued);
        Assert.Equal(["s-1", "s-2"], ports.QueuedPages.SelectMany(p => p.Requests).Select(r => r.StaffId).Order());
    }

    private static AppointmentDataService Service(IAppointmentStore store, InMemoryFunctionPorts ports)
    {
        var options = new StaffSyncOptions();
        var calendars = new FakeCalendarProvider(new FakeGoogleCalendar(TimeProvider.System, TimeZoneInfo.Utc));
        return new(
            store, ports, new SyncScheduler(ports, ports, new SyncProcessorOptions(), TimeProvider.System), options,
            new AvailabilityCheck(store, ports, calendars, options), new InMemoryBookingLock());
    }

    private static BusyPeriod Busy(int fromMinute, int toMinute) => new(Nine.AddMinutes(fromMinute), Nine.AddMinutes(toMinute));

    /// <summary>A store that answers the busy read from a list and saves by echoing the draft.</summary>
    private sealed class ListBusyStore : IAppointmentStore
    {
        public IReadOnlyList<LocalItem> Items { get; init; } = [];

        public int Reads { get; private set; }

        public int Writes { get; private set; }

        public Task<LocalItem> SaveAsync(LocalItem draft, CancellationToken cancellationToken)
        {
            Writes++;
            return Task.FromResult(draft);
        }

        public Task<bool> DeleteAsync(string staffId, ItemKey key, CancellationToken cancellationToken)
        {
            Writes++;
            return Task.FromResult(false);
        }

        public Task<bool> DeleteClosureAsync(string closureId, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<LocalItemPage> ListBlocksAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken) =>
            Task.FromResult(new LocalItemPage([], null));

        public Task<IReadOnlyList<LocalItem>> ListBusyAsync(
            string staffId, DateTimeOffset rangeStart, DateTimeOffset rangeEnd, CancellationToken cancellationToken)
        {
            Reads++;
            return Task.FromResult(Items);
        }

        public Task<int> PurgeTombstonesAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => Task.FromResult(0);
    }
}
