using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Tests.Scenarios;

/// <summary>
/// The business's hands in the scenarios, through a store's own writes (the data API's), for any store that is both the
/// data API's and the sync's: Table Storage and PostgreSQL alike.
/// </summary>
public sealed class StoreLocalEditor<TStore>(TStore data, string staffId) : ILocalEditor
    where TStore : IAppointmentStore, IAppointmentData
{
    private static readonly DateTimeOffset Ever = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Never = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public Task<LocalItem> SaveAsync(LocalItem draft, CancellationToken cancellationToken) => data.SaveAsync(draft, cancellationToken);

    public Task<bool> DeleteAsync(ItemKey key, CancellationToken cancellationToken) =>
        key.Kind == ItemKind.Closure ? data.DeleteClosureAsync(key.Id, cancellationToken) : data.DeleteAsync(staffId, key, cancellationToken);

    public async Task<IReadOnlyList<LocalItem>> ListLiveAsync(CancellationToken cancellationToken)
    {
        var live = new List<LocalItem>();
        string? continuation = null;
        do
        {
            var page = await data.GetItemsInRangeAsync(staffId, Ever, Never, continuation, 500, cancellationToken);
            live.AddRange(page.Items);
            continuation = page.Continuation;
        }
        while (continuation is not null);

        // The range leaves out Google-origin blocks (they are not pushed); the sync's own listing has them.
        do
        {
            var page = await data.ListGoogleBlocksAsync(staffId, continuation, 500, cancellationToken);
            live.AddRange(page.Items);
            continuation = page.Continuation;
        }
        while (continuation is not null);

        return live;
    }
}
