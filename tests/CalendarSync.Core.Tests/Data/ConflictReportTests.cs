using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Core.Tests.Data;

public sealed class ConflictReportTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly InMemoryAppointmentData _data;
    private readonly RangeRecordingStore _store;
    private readonly ConflictReport _report;

    public ConflictReportTests()
    {
        _data = new InMemoryAppointmentData("s1", _clock);
        _store = new RangeRecordingStore(new BusyOf(_data));
        _report = new ConflictReport(_store, new InMemoryFunctionPorts(_clock), new StaffSyncOptions { BusinessTimeZone = "UTC" }, _clock);
    }

    [Fact]
    public async Task ListAsync_NoAppointmentBooked_ReadsNoBlock()
    {
        await _data.WriteGoogleBlocksAsync("s1", [GoogleBlockWrite.Upsert("ev1", Hours(2, 3), "Dentist", 1)], Token);
        await _data.SaveAsync(new Appointment("gone", "s1", Hours(2, 3), "Jane Doe", "Cut", status: AppointmentStatus.Cancelled), Token);

        var conflicts = await _report.ListAsync("s1", Token);

        Assert.Empty(conflicts);
        Assert.Empty(_store.BusyRanges);
    }

    [Fact]
    public async Task ListAsync_BlocksReadOnlyAcrossTheAppointments_ConflictsAsBefore()
    {
        await _data.SaveAsync(new Appointment("a1", "s1", Hours(2, 3), "Jane Doe", "Cut"), Token);
        await _data.SaveAsync(new Appointment("a2", "s1", Hours(50, 51), "John Roe", "Trim"), Token);
        await _data.WriteGoogleBlocksAsync("s1",
        [
            GoogleBlockWrite.Upsert("dentist", Hours(2.5, 4), "Dentist", 1),
            GoogleBlockWrite.Upsert("gym", Hours(5, 6), "Gym", 1),
            GoogleBlockWrite.Upsert("later", Hours(50.5, 52), "School run", 1),
        ], Token);

        var conflicts = await _report.ListAsync("s1", Token);

        Assert.Equal([("a1", "dentist"), ("a2", "later")], conflicts.Select(c => (c.AppointmentId, c.GoogleEventId)));
        Assert.Equal([(Now.AddHours(2), Now.AddHours(51))], _store.BusyRanges);
    }

    [Fact]
    public async Task ListAsync_AppointmentUnderWay_BlocksReadFromNow()
    {
        await _data.SaveAsync(new Appointment("a1", "s1", Hours(-1, 1), "Jane Doe", "Cut"), Token);
        await _data.WriteGoogleBlocksAsync("s1", [GoogleBlockWrite.Upsert("call", Hours(0.5, 2), "Call", 1)], Token);

        var conflict = Assert.Single(await _report.ListAsync("s1", Token));

        Assert.Equal((Now.AddHours(0.5), Now.AddHours(1)), (conflict.Start, conflict.End));
        Assert.Equal([(Now, Now.AddHours(1))], _store.BusyRanges);
    }

    private static Period Hours(double from, double to) => Period.Timed(Now.AddHours(from), Now.AddHours(to));

    /// <summary>The busy listing's ranges, as asked: what the report reads.</summary>
    private sealed class RangeRecordingStore(IAppointmentStore inner) : IAppointmentStore
    {
        public List<(DateTimeOffset, DateTimeOffset)> BusyRanges { get; } = [];

        public Task<IReadOnlyList<LocalItem>> ListBusyAsync(string staffId, DateTimeOffset rangeStart, DateTimeOffset rangeEnd, CancellationToken cancellationToken)
        {
            BusyRanges.Add((rangeStart, rangeEnd));
            return inner.ListBusyAsync(staffId, rangeStart, rangeEnd, cancellationToken);
        }

        public Task<IReadOnlyList<Appointment>> ListBookedAsync(
            string staffId, DateTimeOffset rangeStart, DateTimeOffset rangeEnd, CancellationToken cancellationToken) =>
            inner.ListBookedAsync(staffId, rangeStart, rangeEnd, cancellationToken);

        public Task<LocalItem> SaveAsync(LocalItem draft, CancellationToken cancellationToken) => inner.SaveAsync(draft, cancellationToken);

        public Task<bool> DeleteAsync(string staffId, ItemKey key, CancellationToken cancellationToken) => inner.DeleteAsync(staffId, key, cancellationToken);

        public Task<bool> DeleteClosureAsync(string closureId, CancellationToken cancellationToken) => inner.DeleteClosureAsync(closureId, cancellationToken);

        public Task<LocalItemPage> ListBlocksAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken) =>
            inner.ListBlocksAsync(staffId, continuation, pageSize, cancellationToken);

        public Task<int> PurgeTombstonesAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => inner.PurgeTombstonesAsync(cutoff, cancellationToken);
    }
}
