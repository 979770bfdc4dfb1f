using Azure;
using Azure.Data.Tables;
using CalendarSync.Azure.Storage;
using CalendarSync.Core.Domain;
using CalendarSync.Core.History;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;

namespace CalendarSync.Azure.Sync;

/// <summary>
/// Sync state on the <c>SyncState</c> table: one partition per staff member, the control row <c>state|{staffId}</c> (the sync state and
/// the lease: holder and expiry) and one row per item status (<c>item|{kind}:{id}</c>), so listing statuses in key order is
/// one partition's range scan. The control row is written only at the ETag the lease holds: taking the lease, saving state
/// and giving the lease up are each one conditional write, so of two contenders exactly one wins and a run whose lease was
/// taken over writes no state. Expiry is read from <see cref="TimeProvider"/>, so a crashed holder's lease frees itself.
/// Statuses are written only by the lease's holder, so they are replaced without an ETag check. The history of our items'
/// events (<see cref="HistoryRows"/>) is in the same partition, each entry in the transaction of the status it goes with.
/// </summary>
public sealed class TableSyncStateStore(StorageTables tables, TimeProvider time) : ISyncStateStore, IItemHistorySource
{
    private const string ItemPrefix = "item|";
    private const string ItemRangeEnd = "item|~";

    /// <summary>Marks the version of a control row read under <see cref="TableKeys.LegacyControlRow"/>: a lease taken at it moves the row.</summary>
    private const string LegacyVersion = "legacy:";

    private const int MoveAttempts = 3;

    public async Task<SyncControl> GetControlAsync(string staffId, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Staff(staffId), TableKeys.ControlRow(staffId), cancellationToken: cancellationToken);
            if (found.HasValue && found.Value is { } row)
            {
                return ToControl(staffId, row, row.ETag.ToString());
            }

            // Not under its own key: never synced, or stored by an earlier version under the key every partition shares.
            var legacy = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Staff(staffId), TableKeys.LegacyControlRow, cancellationToken: cancellationToken);
            if (!legacy.HasValue || legacy.Value is not { } old)
            {
                // Never synced, or another reader moved it between the two reads: its own key tells which.
                var moved = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Staff(staffId), TableKeys.ControlRow(staffId), cancellationToken: cancellationToken);
                return moved.HasValue && moved.Value is { } current ? ToControl(staffId, current, current.ETag.ToString()) : SyncControl.Initial(staffId);
            }

            // A free one is moved at once, so the next read is one key's; one an earlier version's run holds stays until
            // that run ends, or until a lease taken at its version moves it (TryAcquireAsync).
            var control = ToControl(staffId, old, LegacyVersion + old.ETag);
            if (control.IsHeldAt(time.GetUtcNow()) || attempt == MoveAttempts)
            {
                return control;
            }

            try
            {
                return control with { Version = await MoveAsync(table, staffId, old.ETag, ToEntity(control.State, holder: null), cancellationToken), Lease = null };
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
            {
                // Another reader moved it, or a writer changed it, since this read: read again.
            }
        }
    }

    private static SyncControl ToControl(string staffId, TableEntity row, string version)
    {
        var state = new SyncState
        {
            StaffId = staffId,
            GoogleSyncToken = row.GetString("GoogleSyncToken"),
            PullPageToken = row.GetString("PullPageToken"),
            PullIsFull = row.GetBoolean("PullIsFull") == true,
            Epoch = row.GetInt64("Epoch") ?? 0,
            LocalWatermark = row.GetString("LocalWatermark"),
            WindowEnd = row.GetDateTimeOffset("WindowEnd"),
            RenderedWith = row.GetString("RenderedWith"),
            BusyFingerprint = row.GetString("BusyFingerprint"),
            EventsCalendarId = row.GetString("EventsCalendarId"),
            MovedTo = row.GetString("MovedTo"),
            CalendarTokens = CalendarTokens.Parse(row.GetString("CalendarTokens")),
            RerenderContinuation = row.GetString("RerenderContinuation"),
            RerenderedAt = row.GetDateTimeOffset("RerenderedAt"),
            WritesPausedUntil = row.GetDateTimeOffset("WritesPausedUntil"),
        };
        var lease = row.GetString("Holder") is { Length: > 0 } holder && row.GetDateTimeOffset("ExpiresAt") is { } expires
            ? new SyncLease(staffId, holder, expires, version)
            : null;
        return new SyncControl(state, lease, version);
    }

    /// <summary>
    /// Moves a control row from the shared legacy key to its own in one transaction: the old row removed at the ETag read,
    /// <paramref name="entity"/> added. Answers the new row's version.
    /// </summary>
    private static async Task<string> MoveAsync(TableClient table, string staffId, ETag legacy, TableEntity entity, CancellationToken cancellationToken)
    {
        var answers = await table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(TableKeys.Staff(staffId), TableKeys.LegacyControlRow), legacy),
            new TableTransactionAction(TableTransactionActionType.Add, entity),
        ], cancellationToken);
        return answers.Value[1].Headers.ETag?.ToString()
            ?? throw new InvalidOperationException("Table Storage answered the control row's move without its ETag.");
    }

    public async Task<SyncLease?> TryAcquireAsync(string staffId, TimeSpan duration, CancellationToken cancellationToken) =>
        await TryAcquireAsync(await GetControlAsync(staffId, cancellationToken), duration, cancellationToken);

    public async Task<SyncLease?> TryAcquireAsync(SyncControl read, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var now = time.GetUtcNow();
        if (read.IsHeldAt(now))
        {
            return null;
        }

        var table = await Table(cancellationToken);
        var lease = new SyncLease(read.State.StaffId, Guid.NewGuid().ToString("N"), now + duration, string.Empty);
        var entity = ToEntity(read.State, lease);
        try
        {
            // At the version read: of two contenders (or a contender and a run that saved state meanwhile) one wins.
            var version = read.Version switch
            {
                null => (await table.AddEntityAsync(entity, cancellationToken)).Headers.ETag!.Value.ToString(),
                { } legacy when legacy.StartsWith(LegacyVersion, StringComparison.Ordinal) =>
                    await MoveAsync(table, read.State.StaffId, new ETag(legacy[LegacyVersion.Length..]), entity, cancellationToken),
                { } current => (await table.UpdateEntityAsync(entity, new ETag(current), TableUpdateMode.Replace, cancellationToken)).Headers.ETag!.Value.ToString(),
            };
            return lease with { Version = version };
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return null;
        }
    }

    public async Task<SyncLease> SaveStateAsync(SyncLease lease, SyncState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return lease with { Version = await WriteAtAsync(lease, ToEntity(state, lease), cancellationToken) };
    }

    public async Task FinishAsync(SyncLease lease, SyncState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await WriteAtAsync(lease, ToEntity(state, holder: null), cancellationToken);
    }

    public async Task ReleaseAsync(SyncLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var table = await Table(cancellationToken);
        try
        {
            await table.UpdateEntityAsync(
                new TableEntity(TableKeys.Staff(lease.StaffId), TableKeys.ControlRow(lease.StaffId)) { ["Holder"] = string.Empty },
                new ETag(lease.Version), TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Lost meanwhile: the row is someone else's now, and theirs to release.
        }
    }

    private async Task<string> WriteAtAsync(SyncLease lease, TableEntity entity, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        try
        {
            var written = await table.UpdateEntityAsync(entity, new ETag(lease.Version), TableUpdateMode.Replace, cancellationToken);
            return written.Headers.ETag!.Value.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            throw new LeaseLostException(lease.StaffId);
        }
    }

    private static TableEntity ToEntity(SyncState state, SyncLease? holder)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new TableEntity(TableKeys.Staff(state.StaffId), TableKeys.ControlRow(state.StaffId))
        {
            ["GoogleSyncToken"] = state.GoogleSyncToken,
            ["PullPageToken"] = state.PullPageToken,
            ["PullIsFull"] = state.PullIsFull,
            ["Epoch"] = state.Epoch,
            ["LocalWatermark"] = state.LocalWatermark,
            ["WindowEnd"] = state.WindowEnd,
            ["RenderedWith"] = state.RenderedWith,
            ["BusyFingerprint"] = state.BusyFingerprint,
            ["EventsCalendarId"] = state.EventsCalendarId,
            ["MovedTo"] = state.MovedTo,
            ["CalendarTokens"] = state.CalendarTokens.IsEmpty ? null : state.CalendarTokens.ToString(),
            ["RerenderContinuation"] = state.RerenderContinuation,
            ["RerenderedAt"] = state.RerenderedAt,
            ["WritesPausedUntil"] = state.WritesPausedUntil,
            ["Holder"] = holder?.HolderId ?? string.Empty,
            ["ExpiresAt"] = holder?.ExpiresAt,
        };
    }

    public async Task<ItemSyncStatus?> GetItemAsync(string staffId, ItemKey key, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Staff(staffId), ItemPrefix + key, cancellationToken: cancellationToken);
        return found.HasValue && found.Value is { } row ? ToStatus(row) : null;
    }

    public async Task<IReadOnlyDictionary<ItemKey, ItemSyncStatus>> GetItemsAsync(
        string staffId, IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var rows = await TablePointReads.ReadAsync(
            await Table(cancellationToken), TableKeys.Staff(staffId), keys.Select(key => ItemPrefix + key), select: null, cancellationToken);
        return rows.Values.Select(ToStatus).ToDictionary(status => status.Key);
    }

    public async Task WriteItemsAsync(string staffId, IReadOnlyList<ItemStatusWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Count == 0)
        {
            return;
        }

        var table = await Table(cancellationToken);
        var partition = TableKeys.Staff(staffId);
        await TableBatch.SubmitAsync(
            table,
            writes.Select(write => (Action(write), write.History is { } entry ? [HistoryRows.Add(partition, entry)] : (IReadOnlyList<TableTransactionAction>)[])),
            cancellationToken);

        TableTransactionAction Action(ItemStatusWrite write)
        {
            if (write.Status is { } status)
            {
                return new(TableTransactionActionType.UpsertReplace, ToEntity(partition, status));
            }

            var key = write.Key;
            return new(TableTransactionActionType.Delete, new TableEntity(partition, ItemPrefix + key), ETag.All);
        }
    }

    /// <summary>The continuation is the last key handed out, so a status deleted meanwhile cannot shift the ones after it.</summary>
    public async Task<ItemStatusPage> ListItemsAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        string after = ItemPrefix;
        if (continuation is not null)
        {
            after += ItemKey.TryParse(continuation, out var key)
                ? key.ToString()
                : throw new InvalidContinuationException();
        }

        var table = await Table(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Staff(staffId)} and RowKey gt {after} and RowKey lt {ItemRangeEnd}");
        var items = new List<ItemSyncStatus>(pageSize + 1);
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(pageSize + 1, 1000), cancellationToken: cancellationToken))
        {
            items.Add(ToStatus(row));
            if (items.Count > pageSize)
            {
                break;
            }
        }

        return items.Count > pageSize
            ? new ItemStatusPage(items.GetRange(0, pageSize), items[pageSize - 1].Key.ToString())
            : new ItemStatusPage(items, null);
    }

    public async Task<IReadOnlyList<ItemHistoryEntry>> ReadHistoryAsync(string staffId, ItemKey key, int limit, CancellationToken cancellationToken) =>
        await HistoryRows.ReadAsync(await Table(cancellationToken), TableKeys.Staff(staffId), key, limit, cancellationToken);

    public async Task<int> PurgeHistoryAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        await HistoryRows.PurgeAsync(await Table(cancellationToken), cutoff, cancellationToken);

    public async Task<int> CountItemsAsync(string staffId, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Staff(staffId)} and RowKey gt {ItemPrefix} and RowKey lt {ItemRangeEnd}");
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            count++;
        }

        return count;
    }

    private static TableEntity ToEntity(string partition, ItemSyncStatus status) => new(partition, ItemPrefix + status.Key)
    {
        ["Key"] = status.Key.ToString(),
        ["LocalVersion"] = status.LocalVersion,
        ["EventId"] = status.EventId,

        // Not "ETag": that name is the row's own version in the table's protocol.
        ["EventETag"] = status.ETag,
        ["EventUpdated"] = status.Updated,
        ["Epoch"] = status.Epoch,
    };

    private Task<TableClient> Table(CancellationToken cancellationToken) => tables.GetAsync(StorageTables.SyncState, cancellationToken);

    private static ItemSyncStatus ToStatus(TableEntity row) => new(
        ItemKey.Parse(row.GetString("Key")),
        row.GetInt64("LocalVersion") ?? 0,
        row.GetString("EventId"),
        row.GetString("EventETag"),
        row.GetDateTimeOffset("EventUpdated"),
        row.GetInt64("Epoch") ?? 0);
}
