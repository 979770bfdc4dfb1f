using CalendarSync.Core.Domain;
using CalendarSync.Core.Tests.Scenarios;
using CalendarSync.PostgreSql.Data;

namespace CalendarSync.PostgreSql.Tests.Scenarios;

/// <summary>The business's hands in the scenarios, through the store's own writes (the data API's).</summary>
internal sealed class PostgresLocalEditor(PostgresAppointmentData data, string staffId) : ILocalEditor
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
