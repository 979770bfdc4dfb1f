using CalendarSync.Azure.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Tests.Scenarios;

namespace CalendarSync.Azure.Tests.Scenarios;

/// <summary>The appointment system's hands in the scenarios, through the store the data API writes with.</summary>
internal sealed class TableLocalEditor(TableAppointmentData data, string staffId) : ILocalEditor
{
    private static readonly DateTimeOffset Ever = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Never = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

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

        // The range leaves out Google-origin blocks (they are not pushed); the blocks listing has them.
        do
        {
            var page = await data.ListBlocksAsync(staffId, continuation, 500, cancellationToken);
            live.AddRange(page.Items.Where(b => b is BlockedSlot { Origin: BlockOrigin.Google }));
            continuation = page.Continuation;
        }
        while (continuation is not null);

        return live;
    }
}
