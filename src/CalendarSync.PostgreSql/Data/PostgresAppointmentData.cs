using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.History;
using CalendarSync.Core.Sync;
using Npgsql;
using NpgsqlTypes;

namespace CalendarSync.PostgreSql.Data;

/// <summary>
/// The appointment data in the business's own PostgreSQL database, schema <c>calendar_sync</c> (README, "The PostgreSQL
/// schema"). The business writes its four tables with plain SQL; triggers number each change's version and log it
/// (<c>calendar_sync.changes</c>), so the feed sees every committed change however it was made. CalendarSync itself writes
/// only Google-origin blocks (<c>source = 'google'</c>, outside the feed) with their history (<c>calendar_sync.item_history</c>,
/// in the same transaction), appointment moves, and the data API's writes. Every call is one round trip.
/// </summary>
public sealed partial class PostgresAppointmentData(NpgsqlDataSource dataSource) : IAppointmentData, IAppointmentStore, IItemHistorySource
{
    public async Task<LocalItem> SaveAsync(LocalItem draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (draft is BlockedSlot { Origin: BlockOrigin.Google })
        {
            throw new DomainValidationException("origin", "Google-origin blocks are written by the sync only.");
        }

        var (sql, parameters) = draft switch
        {
            Appointment a => ("""
                INSERT INTO calendar_sync.appointments (staff_id, id, starts_at, ends_at, customer_name, title, notes, status)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (staff_id, id) DO UPDATE SET starts_at = excluded.starts_at, ends_at = excluded.ends_at,
                    customer_name = excluded.customer_name, title = excluded.title, notes = excluded.notes, status = excluded.status
                RETURNING version, updated_at
                """, new object?[] { a.StaffId, a.Id, a.Period.Start.UtcDateTime, a.Period.End.UtcDateTime, a.CustomerName, a.Title, a.Notes,
                a.Status == AppointmentStatus.Cancelled ? "cancelled" : "booked" }),
            BlockedSlot b => ("""
                INSERT INTO calendar_sync.blocked_slots (staff_id, id, starts_at, ends_at, start_date, end_date, summary)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (staff_id, id) DO UPDATE SET starts_at = excluded.starts_at, ends_at = excluded.ends_at,
                    start_date = excluded.start_date, end_date = excluded.end_date, summary = excluded.summary
                WHERE blocked_slots.source = 'local'
                RETURNING version, updated_at
                """, [b.StaffId, b.Id, .. PeriodValues(b.Period), b.Summary]),
            AvailabilityException x => ("""
                INSERT INTO calendar_sync.availability_exceptions (staff_id, id, starts_at, ends_at, start_date, end_date, reason)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (staff_id, id) DO UPDATE SET starts_at = excluded.starts_at, ends_at = excluded.ends_at,
                    start_date = excluded.start_date, end_date = excluded.end_date, reason = excluded.reason
                RETURNING version, updated_at
                """, [x.StaffId, x.Id, .. PeriodValues(x.Period), x.Reason]),
            BusinessClosure c => ("""
                INSERT INTO calendar_sync.business_closures (id, start_date, end_date, name) VALUES ($1, $2, $3, $4)
                ON CONFLICT (id) DO UPDATE SET start_date = excluded.start_date, end_date = excluded.end_date, name = excluded.name
                RETURNING version, updated_at
                """, new object?[] { c.Id, c.Period.StartDate, c.Period.EndDate, c.Name }),
            _ => throw new ArgumentException($"Unknown item type {draft.GetType().Name}.", nameof(draft)),
        };

        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new DomainValidationException("id", $"{draft.Key} is a Google-origin block's id; the sync owns it.");
        }

        return draft.Stamped(reader.GetInt64(0), new DateTimeOffset(reader.GetFieldValue<DateTime>(1), TimeSpan.Zero), isDeleted: false);
    }

    public async Task<bool> DeleteAsync(string staffId, ItemKey key, CancellationToken cancellationToken)
    {
        ItemId.Validate(staffId, "staff");
        var table = key.Kind switch
        {
            ItemKind.Appointment => "appointments",
            ItemKind.Block => "blocked_slots",
            ItemKind.Exception => "availability_exceptions",
            _ => throw new DomainValidationException("kind", "A closure belongs to the business; delete it as a closure."),
        };
        var local = key.Kind == ItemKind.Block ? " AND source = 'local'" : string.Empty;
        await using var command = Command($"DELETE FROM calendar_sync.{table} WHERE staff_id = $1 AND id = $2{local}", staffId, key.Id);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<bool> DeleteClosureAsync(string closureId, CancellationToken cancellationToken)
    {
        ItemId.Validate(closureId, "closure");
        await using var command = Command("DELETE FROM calendar_sync.business_closures WHERE id = $1", closureId);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task WriteGoogleBlocksAsync(string staffId, IReadOnlyList<GoogleBlockWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ItemId.Validate(staffId, "staff");
        if (writes.Count == 0)
        {
            return;
        }

        // An event written twice keeps its last write; what is left is one delete and one upsert, one round trip for both.
        var last = new Dictionary<string, GoogleBlockWrite>(StringComparer.Ordinal);
        foreach (var write in writes)
        {
            last[BlockedSlot.IdForGoogleEvent(write.GoogleEventId)] = write;
        }

        var gone = last.Where(w => w.Value.Period is null).Select(w => w.Key).ToArray();
        var kept = last.Where(w => w.Value.Period is not null).ToList();
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(BatchCommand(
            "DELETE FROM calendar_sync.blocked_slots WHERE staff_id = $1 AND source = 'google' AND id = ANY($2)", staffId, gone));
        batch.BatchCommands.Add(BatchCommand("""
            INSERT INTO calendar_sync.blocked_slots
                (staff_id, id, starts_at, ends_at, start_date, end_date, summary, source, google_event_id, version, sync_etag, sync_updated, sync_epoch)
            SELECT $1, u.id, u.starts_at, u.ends_at, u.start_date, u.end_date, u.summary, 'google', u.event_id, u.version,
                u.sync_etag, u.sync_updated, u.sync_epoch
            FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[], $5::date[], $6::date[], $7::text[], $8::text[], $9::bigint[],
                    $10::text[], $11::timestamptz[], $12::bigint[])
                AS u(id, starts_at, ends_at, start_date, end_date, summary, event_id, version, sync_etag, sync_updated, sync_epoch)
            ON CONFLICT (staff_id, id) DO UPDATE SET starts_at = excluded.starts_at, ends_at = excluded.ends_at,
                start_date = excluded.start_date, end_date = excluded.end_date, summary = excluded.summary,
                google_event_id = excluded.google_event_id, version = excluded.version, updated_at = now(),
                sync_etag = excluded.sync_etag, sync_updated = excluded.sync_updated, sync_epoch = excluded.sync_epoch
            WHERE blocked_slots.source = 'google'
            """,
            staffId,
            kept.Select(w => w.Key).ToArray(),
            kept.Select(w => w.Value.Period!.IsAllDay ? (DateTime?)null : w.Value.Period.Start.UtcDateTime).ToArray(),
            kept.Select(w => w.Value.Period!.IsAllDay ? (DateTime?)null : w.Value.Period.End.UtcDateTime).ToArray(),
            kept.Select(w => w.Value.Period!.IsAllDay ? w.Value.Period.StartDate : (DateOnly?)null).ToArray(),
            kept.Select(w => w.Value.Period!.IsAllDay ? w.Value.Period.EndDate : (DateOnly?)null).ToArray(),
            kept.Select(w => w.Value.Summary).ToArray(),
            kept.Select(w => w.Value.GoogleEventId).ToArray(),
            kept.Select(w => w.Value.Version).ToArray(),
            kept.Select(w => w.Value.Status?.ETag).ToArray(),
            kept.Select(w => w.Value.Status?.Updated?.UtcDateTime).ToArray(),
            kept.Select(w => w.Value.Status?.Epoch).ToArray()));
        var history = writes.Where(w => w.History is not null).Select(w => w.History!).ToList();
        batch.BatchCommands.Add(BatchCommand("""
            INSERT INTO calendar_sync.item_history (staff_id, item_key, at, action, event_id, reason)
            SELECT $1, u.item_key, u.at, u.action, u.event_id, u.reason
            FROM unnest($2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[]) AS u(item_key, at, action, event_id, reason)
            """,
            staffId,
            history.Select(h => h.Key.ToString()).ToArray(),
            history.Select(h => h.At.UtcDateTime).ToArray(),
            history.Select(h => h.Action.ToString()).ToArray(),
            history.Select(h => h.EventId).ToArray(),
            history.Select(h => h.Reason).ToArray()));

        // Npgsql sends a batch as one implicit transaction: all of it is written or none, the blocks' history with them.
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<ItemKey, ItemSyncStatus>> GetGoogleBlockStatusesAsync(
        string staffId, IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ItemId.Validate(staffId, "staff");
        await using var command = Command(
            $"SELECT {BlockStatusColumns} FROM calendar_sync.blocked_slots WHERE staff_id = $1 AND source = 'google' AND id = ANY($2)",
            staffId, keys.Where(BlockedSlot.IsGoogleOrigin).Select(key => key.Id).Distinct().ToArray());
        var found = new Dictionary<ItemKey, ItemSyncStatus>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var status = ReadBlockStatus(reader);
            found[status.Key] = status;
        }

        return found;
    }

    /// <summary>The continuation is the last key handed out, so a block removed meanwhile cannot shift the ones after it.</summary>
    public async Task<ItemStatusPage> ListGoogleBlockStatusesAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        ItemId.Validate(staffId, "staff");
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        if (continuation is not null && !(ItemKey.TryParse(continuation, out var last) && BlockedSlot.IsGoogleOrigin(last)))
        {
            throw new InvalidContinuationException();
        }

        var after = continuation is null ? string.Empty : ItemKey.Parse(continuation).Id;
        await using var command = Command($"""
            SELECT {BlockStatusColumns} FROM calendar_sync.blocked_slots
            WHERE staff_id = $1 AND source = 'google' AND id COLLATE "C" > $2 AND id NOT LIKE 'g-.%'
            ORDER BY id COLLATE "C" LIMIT $3
            """, staffId, after, pageSize + 1);
        var statuses = new List<ItemSyncStatus>(pageSize + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            statuses.Add(ReadBlockStatus(reader));
        }

        return statuses.Count > pageSize
            ? new ItemStatusPage(statuses.GetRange(0, pageSize), statuses[pageSize - 1].Key.ToString())
            : new ItemStatusPage(statuses, null);
    }

    public async Task StampGoogleBlocksAsync(string staffId, long epoch, IReadOnlyList<string> googleEventIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(googleEventIds);
        ItemId.Validate(staffId, "staff");
        await using var command = Command(
            "UPDATE calendar_sync.blocked_slots SET sync_epoch = $2 WHERE staff_id = $1 AND source = 'google' AND id = ANY($3)",
            staffId, epoch, googleEventIds.Select(BlockedSlot.IdForGoogleEvent).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string BlockStatusColumns = "id, version, google_event_id, sync_etag, sync_updated, sync_epoch";

    /// <summary>A block written before statuses were stored with blocks has none: one with no etag and epoch 0, which the sync writes again.</summary>
    private static ItemSyncStatus ReadBlockStatus(NpgsqlDataReader reader) => new(
        new ItemKey(ItemKind.Block, reader.GetString(0)),
        reader.GetInt64(1),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.IsDBNull(4) ? null : new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero),
        reader.IsDBNull(5) ? 0 : reader.GetInt64(5));

    public async Task<IReadOnlyList<ItemHistoryEntry>> ReadHistoryAsync(string staffId, ItemKey key, int limit, CancellationToken cancellationToken)
    {
        await using var command = Command("""
            SELECT item_key, at, action, event_id, reason FROM calendar_sync.item_history
            WHERE staff_id = $1 AND item_key = $2 ORDER BY at DESC, entry_id DESC LIMIT $3
            """, ItemId.Validate(staffId, "staff"), key.ToString(), limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<ItemHistoryEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new ItemHistoryEntry(
                ItemKey.Parse(reader.GetString(0)), new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero),
                Enum.TryParse<ItemHistoryAction>(reader.GetString(2), out var action) ? action : ItemHistoryAction.Skipped,
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4)));
        }

        return entries;
    }

    public async Task<int> PurgeHistoryAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var command = Command("DELETE FROM calendar_sync.item_history WHERE at < $1", cutoff.UtcDateTime);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Appointment?> MoveAppointmentAsync(
        string staffId, string appointmentId, Period period, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        ItemId.Validate(staffId, "staff");
        ItemId.Validate(appointmentId, "appointment");

        // At the version the sync read: a business edit committed since wins, and this changes nothing.
        await using var command = Command($"""
            UPDATE calendar_sync.appointments SET starts_at = $3, ends_at = $4
            WHERE staff_id = $1 AND id = $2 AND version = $5
            RETURNING 'appointment', staff_id, id, starts_at, ends_at, NULL::date, NULL::date, customer_name, title, notes, status,
                NULL, NULL, NULL, NULL, NULL, version, updated_at, false
            """, staffId, appointmentId, period.Start.UtcDateTime, period.End.UtcDateTime, expectedVersion);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ItemRows.Read(reader).Item as Appointment : null;
    }

    public async Task<int> PurgeTombstonesAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        // A tombstone is there only while its key has no row (an insert takes it back), so its change row goes with it.
        await using var command = Command("""
            WITH purged AS (
                DELETE FROM calendar_sync.deleted_items WHERE updated_at < $1 RETURNING kind, staff_id, id),
            changes AS (
                DELETE FROM calendar_sync.changes c USING purged p
                WHERE c.kind = p.kind AND c.staff_id = p.staff_id AND c.id = p.id)
            SELECT count(*)::int FROM purged
            """, cutoff.UtcDateTime);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static object?[] PeriodValues(Period period) =>
        period.IsAllDay
            ? [null, null, period.StartDate, period.EndDate]
            : [period.Start.UtcDateTime, period.End.UtcDateTime, null, null];

    private NpgsqlCommand Command(string sql, params object?[] values)
    {
        var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(Parameter(value));
        }

        return command;
    }

    private static NpgsqlBatchCommand BatchCommand(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(Parameter(value));
        }

        return command;
    }

    /// <summary>Nulls need a type to be sent; the rest infer theirs (DateTime of kind UTC as timestamptz, DateOnly as date).</summary>
    private static NpgsqlParameter Parameter(object? value) =>
        value is null ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Unknown } : new NpgsqlParameter { Value = value };
}
