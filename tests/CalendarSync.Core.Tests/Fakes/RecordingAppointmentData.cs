using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Tests.Fakes;

public sealed class RecordingAppointmentData(IAppointmentData inner, PortCalls calls) : IAppointmentData
{
    public Task<LocalChangePage> GetChangesAsync(string staffId, string? watermark, int pageSize, CancellationToken cancellationToken) =>
        calls.CallAsync("data.changes", google: false, write: false, () => inner.GetChangesAsync(staffId, watermark, pageSize, cancellationToken));

    public Task<LocalFeedHead> ReadFeedHeadAsync(string staffId, bool sharedFeedMayLag, CancellationToken cancellationToken) =>
        calls.CallAsync("data.head", google: false, write: false, () => inner.ReadFeedHeadAsync(staffId, sharedFeedMayLag, cancellationToken));

    public Task<LocalItemPage> GetItemsInRangeAsync(
        string staffId, DateTimeOffset rangeStart, DateTimeOffset rangeEnd, string? continuation, int pageSize, CancellationToken cancellationToken) =>
        calls.CallAsync("data.range", google: false, write: false,
            () => inner.GetItemsInRangeAsync(staffId, rangeStart, rangeEnd, continuation, pageSize, cancellationToken));

    public Task<LocalItem?> GetItemAsync(string staffId, ItemKey key, CancellationToken cancellationToken) =>
        calls.CallAsync("data.get", google: false, write: false, () => inner.GetItemAsync(staffId, key, cancellationToken));

    public Task<LocalItemPage> ListGoogleBlocksAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken) =>
        calls.CallAsync("data.listBlocks", google: false, write: false, () => inner.ListGoogleBlocksAsync(staffId, continuation, pageSize, cancellationToken));

    public Task<IReadOnlyDictionary<ItemKey, ItemSyncStatus>> GetGoogleBlockStatusesAsync(
        string staffId, IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken) =>
        calls.CallAsync("data.blockStatuses", google: false, write: false, () => inner.GetGoogleBlockStatusesAsync(staffId, keys, cancellationToken));

    public Task<ItemStatusPage> ListGoogleBlockStatusesAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken) =>
        calls.CallAsync("data.listBlockStatuses", google: false, write: false,
            () => inner.ListGoogleBlockStatusesAsync(staffId, continuation, pageSize, cancellationToken));

    public Task StampGoogleBlocksAsync(string staffId, long epoch, IReadOnlyList<string> googleEventIds, CancellationToken cancellationToken) =>
        calls.CallAsync("data.stampBlocks", google: false, write: true, () => inner.StampGoogleBlocksAsync(staffId, epoch, googleEventIds, cancellationToken));

    public Task WriteGoogleBlocksAsync(string staffId, IReadOnlyList<GoogleBlockWrite> writes, CancellationToken cancellationToken) =>
        calls.CallAsync("data.writeBlocks", google: false, write: true, () => inner.WriteGoogleBlocksAsync(staffId, writes, cancellationToken));

    public Task<Appointment?> MoveAppointmentAsync(
        string staffId, string appointmentId, Period period, long expectedVersion, CancellationToken cancellationToken) =>
        calls.CallAsync("data.moveAppointment", google: false, write: true,
            () => inner.MoveAppointmentAsync(staffId, appointmentId, period, expectedVersion, cancellationToken));
}
