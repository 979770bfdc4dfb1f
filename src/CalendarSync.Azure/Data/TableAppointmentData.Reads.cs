using System.Globalization;
using Azure.Data.Tables;
using CalendarSync.Azure.Storage;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;

namespace CalendarSync.Azure.Data;

public sealed partial class TableAppointmentData
{
    /// <summary>
    /// Merges the staff member's feed and the business's (closures reach every calendar). The watermark is
    /// <c>1:{staff sequence}:{business sequence}</c>: each feed continues after the last change of it that was handed out.
    /// </summary>
    public async Task<LocalChangePage> GetChangesAsync(string staffId, string? watermark, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var (staffAfter, businessAfter) = ParseWatermark(watermark);
        var table = await Table(cancellationToken);
        var staff = await ChangesAsync(table, StaffPartition(staffId), staffAfter, pageSize + 1, cancellationToken);
        var business = await ChangesAsync(table, BusinessPartition, businessAfter, pageSize + 1, cancellationToken);

        // Oldest first across both feeds, each feed in its own order, so the page is a prefix of each.
        var page = new List<LocalItem>(pageSize);
        int s = 0, b = 0;
        while (page.Count < pageSize && (s < staff.Count || b < business.Count))
        {
            var takeStaff = b >= business.Count || (s < staff.Count && staff[s].Item.LastModified <= business[b].Item.LastModified);
            if (takeStaff)
            {
                page.Add(staff[s].Item);
                staffAfter = staff[s++].Sequence;
            }
            else
            {
                page.Add(business[b].Item);
                businessAfter = business[b++].Sequence;
            }
        }

        var next = page.Count == 0 ? watermark : FormatWatermark(staffAfter, businessAfter);
        return new LocalChangePage(page, next, staff.Count + business.Count > pageSize);
    }

    public async Task<LocalFeedHead> ReadFeedHeadAsync(string staffId, bool sharedFeedMayLag, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);

        // The feed's counter moves in the same transaction as every change, so a counter past the watermark is a change
        // after it (or a tombstone purged since, which costs one run that finds nothing).
        var staff = FeedCounterAsync(table, StaffPartition(staffId), cancellationToken);
        var business = sharedFeedMayLag && _businessHead is { } cached && Environment.TickCount64 - cached.ReadAt < BusinessHeadLagMilliseconds
            ? Task.FromResult(cached.Sequence)
            : ReadBusinessHeadAsync(table, cancellationToken);
        return new FeedCounters(await staff, await business);
    }

    /// <summary>The two feeds' counters, each compared with its part of the watermark.</summary>
    private sealed class FeedCounters(long staff, long business) : LocalFeedHead
    {
        public override bool IsAfter(string? watermark)
        {
            var (staffAfter, businessAfter) = ParseWatermark(watermark);
            return staff > staffAfter || business > businessAfter;
        }
    }

    private async Task<long> ReadBusinessHeadAsync(TableClient table, CancellationToken cancellationToken)
    {
        // Real time, not domain time (a test's frozen clock must not keep it for ever).
        var readAt = Environment.TickCount64;
        var sequence = await FeedCounterAsync(table, BusinessPartition, cancellationToken);
        _businessHead = new FeedHead(readAt, sequence);
        return sequence;
    }

    private static async Task<long> FeedCounterAsync(TableClient table, string partition, CancellationToken cancellationToken) =>
        (await FindCounterAsync(table, partition, cancellationToken))?.GetInt64("Sequence") ?? 0;

    public async Task<LocalItemPage> GetItemsInRangeAsync(
        string staffId, DateTimeOffset rangeStart, DateTimeOffset rangeEnd, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        var overlap = TableClient.CreateQueryFilter($"InFeed eq {true} and IsDeleted eq {false} and RangeStart lt {rangeEnd} and RangeEnd gt {rangeStart}");
        return await PageAcrossAsync(staffId, overlap, continuation, pageSize, includeBusiness: true, cancellationToken);
    }

    public async Task<LocalItem?> GetItemAsync(string staffId, ItemKey key, CancellationToken cancellationToken)
    {
        var partition = key.Kind == ItemKind.Closure ? BusinessPartition : StaffPartition(staffId);
        var found = await FindAsync(await Table(cancellationToken), partition, ItemEntities.ItemRow(key), cancellationToken);
        return found is null ? null : ItemEntities.ToItem(found);
    }

    public async Task<LocalItemPage> ListBlocksAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        var blocks = TableClient.CreateQueryFilter(
            $"RowKey gt {ItemEntities.ItemPrefix + "block:"} and RowKey lt {ItemEntities.ItemPrefix + "block;"} and IsDeleted eq {false}");
        return await PageAcrossAsync(staffId, blocks, continuation, pageSize, includeBusiness: false, cancellationToken);
    }

    public async Task<LocalItemPage> ListGoogleBlocksAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        // Their ids all start with "g-", and '.' sorts right after '-'.
        var google = TableClient.CreateQueryFilter(
            $"RowKey gt {ItemEntities.ItemPrefix + "block:" + BlockedSlot.GoogleIdPrefix} and RowKey lt {ItemEntities.ItemPrefix + "block:g."}");
        return await PageAcrossAsync(staffId, google, continuation, pageSize, includeBusiness: false, cancellationToken);
    }

    public async Task<IReadOnlyList<LocalItem>> ListBusyAsync(string staffId, DateTimeOffset rangeStart, DateTimeOffset rangeEnd, CancellationToken cancellationToken)
    {
        var overlap = TableClient.CreateQueryFilter($"IsDeleted eq {false} and RangeStart lt {rangeEnd} and RangeEnd gt {rangeStart}");
        var busy = new List<LocalItem>();
        string? continuation = null;
        do
        {
            var page = await PageAcrossAsync(staffId, overlap, continuation, 1000, includeBusiness: true, cancellationToken);
            busy.AddRange(page.Items.Where(i => i is not Appointment { Status: AppointmentStatus.Cancelled }));
            continuation = page.Continuation;
        }
        while (continuation is not null);

        return busy;
    }

    public async Task<IReadOnlyList<Appointment>> ListBookedAsync(
        string staffId, DateTimeOffset rangeStart, DateTimeOffset rangeEnd, CancellationToken cancellationToken)
    {
        // The appointments' own key range of the staff member's partition: no block, history or closure row is read.
        var booked = TableClient.CreateQueryFilter(
            $"RowKey gt {ItemEntities.ItemPrefix + "appointment:"} and RowKey lt {ItemEntities.ItemPrefix + "appointment;"} and IsDeleted eq {false} and Status eq {nameof(AppointmentStatus.Booked)} and RangeStart lt {rangeEnd} and RangeEnd gt {rangeStart}");
        var appointments = new List<Appointment>();
        string? continuation = null;
        do
        {
            var page = await PageAcrossAsync(staffId, booked, continuation, 1000, includeBusiness: false, cancellationToken);
            appointments.AddRange(page.Items.OfType<Appointment>());
            continuation = page.Continuation;
        }
        while (continuation is not null);

        return appointments;
    }

    /// <summary>
    /// Pages items in key order through the staff member's partition, then (if asked) the business's. The continuation is
    /// <c>s|{last key}</c> or <c>b|{last key}</c>, checked on the way in: it goes into a filter, never as raw text.
    /// </summary>
    private async Task<LocalItemPage> PageAcrossAsync(
        string staffId, string condition, string? continuation, int pageSize, bool includeBusiness, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var table = await Table(cancellationToken);
        var (inBusiness, afterKey) = ParseContinuation(continuation, includeBusiness);
        var items = new List<(bool Business, LocalItem Item)>();
        if (!inBusiness)
        {
            await foreach (var item in ItemsAsync(table, StaffPartition(staffId), condition, afterKey, pageSize + 1, cancellationToken))
            {
                items.Add((false, item));
            }

            afterKey = null;
        }

        if (includeBusiness && items.Count <= pageSize)
        {
            await foreach (var item in ItemsAsync(table, BusinessPartition, condition, afterKey, pageSize + 1 - items.Count, cancellationToken))
            {
                items.Add((true, item));
            }
        }

        var page = items.Take(pageSize).ToList();
        var next = items.Count > pageSize ? (page[^1].Business ? "b|" : "s|") + page[^1].Item.Key : null;
        return new LocalItemPage([.. page.Select(p => p.Item)], next);
    }

    private static async IAsyncEnumerable<LocalItem> ItemsAsync(
        TableClient table, string partition, string condition, string? afterKey, int take,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = ItemEntities.ItemPrefix + afterKey;

        // Both halves come from CreateQueryFilter, so joining them adds no unescaped text.
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey gt {after} and RowKey lt {ItemEntities.ItemPrefix + ItemEntities.RangeEnd}") + " and (" + condition + ")";
        var taken = 0;
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(take, 1000), cancellationToken: cancellationToken))
        {
            yield return ItemEntities.ToItem(entity);
            if (++taken == take)
            {
                yield break;
            }
        }
    }

    private static async Task<List<(long Sequence, LocalItem Item)>> ChangesAsync(
        TableClient table, string partition, long after, int take, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey gt {ItemEntities.ChangeRow(after)} and RowKey lt {ItemEntities.ChangePrefix + ItemEntities.RangeEnd}");
        var changes = new List<(long, LocalItem)>(take);
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(take, 1000), cancellationToken: cancellationToken))
        {
            changes.Add((entity.GetInt64("Sequence") ?? 0, ItemEntities.ToItem(entity)));
            if (changes.Count == take)
            {
                break;
            }
        }

        return changes;
    }

    private static (long Staff, long Business) ParseWatermark(string? watermark)
    {
        if (watermark is null)
        {
            return (0, 0);
        }

        var parts = watermark.Split(':');
        return parts.Length == 3 && parts[0] == "1"
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var staff)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var business)
                ? (staff, business)
                : throw new ArgumentException($"'{watermark}' is not a watermark of this change feed.", nameof(watermark));
    }

    private static string FormatWatermark(long staff, long business) =>
        string.Create(CultureInfo.InvariantCulture, $"1:{staff}:{business}");

    private static (bool InBusiness, string? AfterKey) ParseContinuation(string? continuation, bool includeBusiness)
    {
        if (continuation is null)
        {
            return (false, null);
        }

        var inBusiness = continuation.StartsWith("b|", StringComparison.Ordinal);
        return (inBusiness || continuation.StartsWith("s|", StringComparison.Ordinal))
            && (!inBusiness || includeBusiness)
            && ItemKey.TryParse(continuation[2..], out var key)
                ? (inBusiness, key.ToString())
                : throw new InvalidContinuationException();
    }
}
