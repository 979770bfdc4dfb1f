using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Tests.Fakes;

/// <summary>The store's busy listing over the in-memory data (every live item: the caller checks each one's time); the rest is not needed.</summary>
public sealed class BusyOf(InMemoryAppointmentData data) : IAppointmentStore
{
    public async Task<IReadOnlyList<LocalItem>> ListBusyAsync(
        string staffId, DateTimeOffset rangeStart, DateTimeOffset rangeEnd, CancellationToken cancellationToken) =>
        [.. (await data.ListLiveAsync(cancellationToken)).Where(i => i is BusinessClosure || i.StaffId == staffId)];

    public Task<LocalItem> SaveAsync(LocalItem draft, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> DeleteAsync(string staffId, ItemKey key, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> DeleteClosureAsync(string closureId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<LocalItemPage> ListBlocksAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<int> PurgeTombstonesAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => throw new NotSupportedException();
}
