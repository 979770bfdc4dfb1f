using Azure;
using Azure.Data.Tables;
using CalendarSync.Azure.Storage;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.History;

namespace CalendarSync.Azure.Data;

/// <summary>
/// The appointment data on the <c>AppointmentData</c> table, with its change feed. One partition per staff member
/// (<c>s:{staffId}</c>) and one for the business's closures (<c>business</c>). A partition holds the items
/// (<c>item|{kind}:{id}</c>), a change row per item at its latest change (<c>change|{sequence}</c>, the same columns) and the
/// feed's counter (<see cref="TableKeys.FeedCounterRow"/>). Every change of an item is one transaction that moves the counter
/// at its ETag, writes the item, and moves its change row: sequence numbers are therefore committed in order, and a reader
/// that has seen change n has seen every change before it. The history of Google-origin blocks (<see cref="HistoryRows"/>) is in the staff
/// member's partition too, each entry in the transaction of the block it describes.
/// </summary>
public sealed partial class TableAppointmentData(StorageTables tables, TimeProvider time) : IAppointmentData, IAppointmentStore, IItemHistorySource
{
    private const string BusinessPartition = "business";


    /// <summary>
    /// A scheduled run may read the business's closures feed as it was this long ago: every run of a sweep reads it, and
    /// it changes a few times a year. Runs of a sweep of ten thousand staff members read it a few dozen times, not ten thousand.
    /// </summary>
    private const long BusinessHeadLagMilliseconds = 5_000;

    /// <summary>The business feed's counter and when it was read (<see cref="Environment.TickCount64"/>), for scheduled runs.</summary>
    private volatile FeedHead? _businessHead;

    /// <summary>Writers to one partition retry the counter race this often; many more would mean something else is wrong.</summary>
    private const int MaxAttempts = 50;

    public async Task<LocalItem> SaveAsync(LocalItem draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var partition = draft.StaffId is { } staffId ? StaffPartition(staffId) : BusinessPartition;
        return (await ChangeAsync(partition, draft.Key, (_, version, now) => draft.Stamped(version, now, isDeleted: false), cancellationToken))!;
    }

    public Task<bool> DeleteAsync(string staffId, ItemKey key, CancellationToken cancellationToken) =>
        TombstoneAsync(StaffPartition(staffId), key, cancellationToken);

    public Task<bool> DeleteClosureAsync(string closureId, CancellationToken cancellationToken) =>
        TombstoneAsync(BusinessPartition, new ItemKey(ItemKind.Closure, closureId), cancellationToken);

    public async Task WriteGoogleBlocksAsync(string staffId, IReadOnlyList<GoogleBlockWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var partition = StaffPartition(staffId);
        if (writes.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var table = await Table(cancellationToken);

        // An import's history entry rides on the block's row (one row an imported event); any later write of such a
        // block that records history moves the entry its row carries to a history row of its own, in the same
        // transaction. A write that records none (a calendar forgotten) takes the entry with the row, as it does its own.
        var written = writes.GroupBy(write => write.GoogleEventId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        bool Folds(GoogleBlockWrite write) =>
            write is { Period: not null, Status: not null, History.Action: ItemHistoryAction.BlockImported } && written[write.GoogleEventId] == 1;
        var carried = await CarriedEntriesAsync(
            table, partition,
            [.. writes.Where(write => write.History is not null && !Folds(write) && !BlockedSlot.IsFromOtherCalendar(BlockedSlot.KeyForGoogleEvent(write.GoogleEventId)))],
            cancellationToken);

        // Not in the change feed (sequence 0): the feed carries what goes to the calendar, and these came from it. No
        // counter is moved, so these transactions never race the appointment system's writes to the partition.
        // A block's history entry goes in its transaction: neither is stored without the other. Its status is columns of its row.
        await TableBatch.SubmitAsync(table, writes.Select(write =>
        {
            var id = BlockedSlot.IdForGoogleEvent(write.GoogleEventId);
            var row = ItemEntities.ItemRow(new ItemKey(ItemKind.Block, id));
            var with = new List<TableTransactionAction>(2);
            if (carried.TryGetValue(row, out var earlier))
            {
                with.Add(HistoryRows.Add(partition, earlier));
            }

            TableTransactionAction action;
            if (write.Period is { } period)
            {
                var entity = ItemEntities.ToEntity(
                    partition, row, new BlockedSlot(id, staffId, period, BlockOrigin.Google, write.Summary, write.GoogleEventId, write.Version, now), 0);
                if (write.Status is { } status)
                {
                    AddStatus(entity, status);
                }

                if (Folds(write))
                {
                    entity[CarriedAt] = write.History!.At;
                    entity[CarriedReason] = write.History.Reason;
                }
                else if (write.History is { } entry)
                {
                    with.Add(HistoryRows.Add(partition, entry));
                }

                action = new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity);
            }
            else
            {
                action = new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, row), ETag.All);
                if (write.History is { } entry)
                {
                    with.Add(HistoryRows.Add(partition, entry));
                }
            }

            return (action, (IReadOnlyList<TableTransactionAction>)with);
        }), cancellationToken);
    }

    /// <summary>The history entries the rows of <paramref name="writes"/> carry (<see cref="CarriedAt"/>), read at once, by row key.</summary>
    private static async Task<IReadOnlyDictionary<string, ItemHistoryEntry>> CarriedEntriesAsync(
        TableClient table, string partition, IReadOnlyList<GoogleBlockWrite> writes, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, ItemHistoryEntry>(StringComparer.Ordinal);
        if (writes.Count == 0)
        {
            return found;
        }

        var events = writes.Select(write => write.GoogleEventId).Distinct(StringComparer.Ordinal)
            .ToDictionary(eventId => ItemEntities.ItemRow(BlockedSlot.KeyForGoogleEvent(eventId)), StringComparer.Ordinal);
        var rows = await TablePointReads.ReadAsync(table, partition, events.Keys, [CarriedAt, CarriedReason], cancellationToken);
        foreach (var (rowKey, row) in rows)
        {
            var eventId = events[rowKey];
            if (CarriedEntry(row, BlockedSlot.KeyForGoogleEvent(eventId), eventId) is { } entry)
            {
                found[rowKey] = entry;
            }
        }

        return found;
    }

    /// <summary>The import's history entry a Google-origin block's row carries, if it still does.</summary>
    private static ItemHistoryEntry? CarriedEntry(TableEntity row, ItemKey key, string eventId) =>
        row.GetDateTimeOffset(CarriedAt) is { } at && row.GetString(CarriedReason) is { } reason
            ? new ItemHistoryEntry(key, at, ItemHistoryAction.BlockImported, eventId, reason)
            : null;

    /// <summary>Columns of a Google-origin block's row: its import's history entry, until a later write of the block makes it a row.</summary>
    private const string CarriedAt = "HistoryAt";

    private const string CarriedReason = "HistoryReason";

    public async Task<IReadOnlyList<ItemHistoryEntry>> ReadHistoryAsync(string staffId, ItemKey key, int limit, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var partition = StaffPartition(staffId);
        var rows = HistoryRows.ReadAsync(table, partition, key, limit, cancellationToken);
        if (!BlockedSlot.IsGoogleOrigin(key) || BlockedSlot.IsFromOtherCalendar(key))
        {
            return await rows;
        }

        var block = await FindAsync(table, partition, ItemEntities.ItemRow(key), cancellationToken);
        var entries = (await rows).ToList();
        if (block?.GetString("GoogleEventId") is { } eventId && CarriedEntry(block, key, eventId) is { } carried)
        {
            // Newest first, as the rows come.
            entries.Add(carried);
            entries = [.. entries.OrderByDescending(entry => entry.At).Take(limit)];
        }

        return entries;
    }

    /// <summary>History rows written before <paramref name="cutoff"/> go, and so do the import entries blocks' rows carry from before it.</summary>
    public async Task<int> PurgeHistoryAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var purged = await HistoryRows.PurgeAsync(table, cutoff, cancellationToken);
        var filter = TableClient.CreateQueryFilter(
            $"RowKey gt {ItemEntities.ItemPrefix + "block:" + BlockedSlot.GoogleIdPrefix} and RowKey lt {ItemEntities.ItemPrefix + "block:g."} and HistoryAt lt {cutoff}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            row.Remove(CarriedAt);
            row.Remove(CarriedReason);
            try
            {
                await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                purged++;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Written or removed since the query read it: that write took the entry along, or the block is gone.
            }
        }

        return purged;
    }

    public async Task<Appointment?> MoveAppointmentAsync(
        string staffId, string appointmentId, Period period, long expectedVersion, CancellationToken cancellationToken)
    {
        var key = new ItemKey(ItemKind.Appointment, appointmentId);
        return (Appointment?)await ChangeAsync(StaffPartition(staffId), key, (current, version, now) =>
            current is Appointment { IsDeleted: false } a && a.Version == expectedVersion
                ? a.MovedTo(period, version, now)
                : null, cancellationToken);
    }

    public async Task<int> PurgeTombstonesAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var filter = TableClient.CreateQueryFilter(
            $"IsDeleted eq {true} and LastModified lt {cutoff} and RowKey gt {ItemEntities.ItemPrefix} and RowKey lt {ItemEntities.ItemPrefix + ItemEntities.RangeEnd}");
        var purged = 0;
        await foreach (var tombstone in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            List<TableTransactionAction> actions = [new(TableTransactionActionType.Delete, tombstone, tombstone.ETag)];
            if (tombstone.GetInt64("Sequence") is long sequence and > 0)
            {
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(tombstone.PartitionKey, ItemEntities.ChangeRow(sequence)), ETag.All));
            }

            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                purged++;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 412)
            {
                // Written again since the query read it (an item put back under the same id): no longer a tombstone to purge.
            }
        }

        return purged;
    }

    private async Task<bool> TombstoneAsync(string partition, ItemKey key, CancellationToken cancellationToken) =>
        await ChangeAsync(partition, key, (current, version, now) =>
            current is { IsDeleted: false } ? current.Stamped(version, now, isDeleted: true) : null, cancellationToken) is not null;

    /// <summary>
    /// One change of an item, in the feed: <paramref name="change"/> gets the item as it is (null if none), the next version
    /// and the time, and answers the item to store, or null to change nothing. Retried when another writer got in first.
    /// </summary>
    private async Task<LocalItem?> ChangeAsync(
        string partition, ItemKey key, Func<LocalItem?, long, DateTimeOffset, LocalItem?> change, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var row = ItemEntities.ItemRow(key);
        for (var attempt = 1; ; attempt++)
        {
            var counter = await FindCounterAsync(table, partition, cancellationToken);
            var existing = await FindAsync(table, partition, row, cancellationToken);
            var current = existing is null ? null : ItemEntities.ToItem(existing);
            var next = change(current, (current?.Version ?? 0) + 1, time.GetUtcNow());
            if (next is null)
            {
                return null;
            }

            var sequence = (counter?.GetInt64("Sequence") ?? 0) + 1;
            var counterEntity = new TableEntity(partition, TableKeys.FeedCounterRow(partition)) { ["Sequence"] = sequence };
            var itemEntity = ItemEntities.ToEntity(partition, row, next, sequence);
            List<TableTransactionAction> actions =
            [
                counter is null
                    ? new(TableTransactionActionType.Add, counterEntity)
                    : new(TableTransactionActionType.UpdateReplace, counterEntity, counter.ETag),
                existing is null
                    ? new(TableTransactionActionType.Add, itemEntity)
                    : new(TableTransactionActionType.UpdateReplace, itemEntity, existing.ETag),
                new(TableTransactionActionType.Add, ItemEntities.ToEntity(partition, ItemEntities.ChangeRow(sequence), next, sequence)),
            ];
            if (existing?.GetInt64("Sequence") is long previous and > 0)
            {
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(partition, ItemEntities.ChangeRow(previous)), ETag.All));
            }

            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                if (partition == BusinessPartition)
                {
                    // A closure changed here is seen by this instance's next run at once.
                    _businessHead = null;
                }

                return next;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412 && attempt < MaxAttempts)
            {
                // Another writer moved the counter or the item (or a purge removed a tombstone) since we read them. A short
                // random pause keeps writers to one partition from retrying in lockstep; it is not domain time, so not the
                // TimeProvider's (a test's frozen clock must not stop it).
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken);
            }
        }
    }

    /// <summary>A reference, so that it is read and replaced whole by concurrent runs.</summary>
    private sealed record FeedHead(long ReadAt, long Sequence);

    private Task<TableClient> Table(CancellationToken cancellationToken) => tables.GetAsync(StorageTables.AppointmentData, cancellationToken);

    internal static string StaffPartition(string staffId) => "s:" + TableKeys.Staff(staffId);

    /// <summary>
    /// The partition's feed counter, null if it has none yet. One stored by an earlier version under <see cref="TableKeys.LegacyFeedCounterRow"/>
    /// is moved to <see cref="TableKeys.FeedCounterRow"/> on the way (one transaction: removed at the ETag read, added under its own key), so
    /// after an upgrade each partition pays the second read once. A partition that never had a change pays it on every read
    /// (two point reads, nothing to move): a staff member with no appointment, block or closure is quiet anyway.
    /// </summary>
    private static async Task<TableEntity?> FindCounterAsync(TableClient table, string partition, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await FindAsync(table, partition, TableKeys.FeedCounterRow(partition), cancellationToken) is { } counter)
            {
                return counter;
            }

            if (await FindAsync(table, partition, TableKeys.LegacyFeedCounterRow, cancellationToken) is not { } legacy)
            {
                // None yet, or another reader moved it between the two reads: its own key tells which.
                return await FindAsync(table, partition, TableKeys.FeedCounterRow(partition), cancellationToken);
            }

            try
            {
                var moved = new TableEntity(partition, TableKeys.FeedCounterRow(partition)) { ["Sequence"] = legacy.GetInt64("Sequence") ?? 0 };
                var answers = await table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, TableKeys.LegacyFeedCounterRow), legacy.ETag),
                    new TableTransactionAction(TableTransactionActionType.Add, moved),
                ], cancellationToken);
                moved.ETag = answers.Value[1].Headers.ETag
                    ?? throw new InvalidOperationException("Table Storage answered the feed counter's move without its ETag.");
                return moved;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412 && attempt < MaxAttempts)
            {
                // Another reader or writer moved it since this read: read again.
            }
        }
    }

    private static async Task<TableEntity?> FindAsync(TableClient table, string partition, string row, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }
}
