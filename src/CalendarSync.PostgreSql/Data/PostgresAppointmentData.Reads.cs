using System.Globalization;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using Npgsql;

namespace CalendarSync.PostgreSql.Data;

public sealed partial class PostgresAppointmentData
{
    /// <summary>All-day items are found by their dates widened by the largest zone offsets, so a range finds them in any zone.</summary>
    private static readonly TimeSpan AllDayMargin = TimeSpan.FromHours(14);

    /// <summary>
    /// Hands out changes in (transaction id, sequence) order, and only those of transactions older than every
    /// transaction still running (<c>pg_snapshot_xmin</c> of the statement's snapshot): a change made by a transaction
    /// that was running when the page was read comes after everything the page handed out, however late it commits.
    /// The staff member's items and the business's closures (staff id '') share the one order. The watermark is
    /// <c>pg1:{xid}:{seq}</c> of the last change handed out.
    /// </summary>
    public async Task<LocalChangePage> GetChangesAsync(string staffId, string? watermark, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ItemId.Validate(staffId, "staff");
        var (xid, seq) = ParseWatermark(watermark);
        await using var command = Command($"""
            WITH page AS (
                SELECT kind, staff_id, id, xid, seq FROM calendar_sync.changes
                WHERE staff_id IN ($1, '') AND (xid, seq) > ($2::xid8, $3)
                    AND xid < pg_snapshot_xmin(pg_current_snapshot())
                ORDER BY xid, seq
                LIMIT $4)
            SELECT p.xid::text, p.seq, {ItemRows.Columns}
            FROM page p JOIN calendar_sync.items i ON i.kind = p.kind AND i.staff_id = p.staff_id AND i.id = p.id
            ORDER BY p.xid, p.seq
            """, staffId, xid, seq, pageSize + 1);
        var items = new List<LocalItem>(pageSize);
        var unreadable = new List<UnreadableItem>();
        var next = watermark;
        var rows = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken) && ++rows <= pageSize)
            {
                var (item, key, problem) = ItemRows.Read(reader, offset: 2);
                if (item is null)
                {
                    unreadable.Add(new UnreadableItem(key, problem!));
                }
                else
                {
                    items.Add(item);
                }

                next = FormatWatermark(reader.GetString(0), reader.GetInt64(1));
            }
        }

        return new LocalChangePage(items, next, rows > pageSize) { Unreadable = unreadable };
    }

    public async Task<LocalFeedHead> ReadFeedHeadAsync(string staffId, bool sharedFeedMayLag, CancellationToken cancellationToken)
    {
        ItemId.Validate(staffId, "staff");

        // The last change the feed's page would hand out now, under the same condition (transactions older than every
        // one still running), so the head is never behind a change a page would have: each feed's newest from its index.
        await using var command = Command("""
            SELECT head.xid::text, head.seq FROM (
                (SELECT xid, seq FROM calendar_sync.changes
                    WHERE staff_id = $1 AND xid < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY xid DESC, seq DESC LIMIT 1)
                UNION ALL
                (SELECT xid, seq FROM calendar_sync.changes
                    WHERE staff_id = '' AND xid < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY xid DESC, seq DESC LIMIT 1)
            ) head
            ORDER BY head.xid DESC, head.seq DESC LIMIT 1
            """, staffId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new FeedPosition(ulong.Parse(reader.GetString(0), NumberStyles.None, CultureInfo.InvariantCulture), reader.GetInt64(1))
            : new FeedPosition(0, 0);
    }

    /// <summary>The newest handed-out change's (xid, seq), compared with the watermark's in the feed's order.</summary>
    private sealed class FeedPosition(ulong xid, long seq) : LocalFeedHead
    {
        public override bool IsAfter(string? watermark)
        {
            var (afterXid, afterSeq) = ParseWatermark(watermark);
            var after = ulong.Parse(afterXid, NumberStyles.None, CultureInfo.InvariantCulture);
            return xid > after || (xid == after && seq > afterSeq);
        }
    }

    public Task<LocalItemPage> GetItemsInRangeAsync(
        string staffId, DateTimeOffset rangeStart, DateTimeOffset rangeEnd, string? continuation, int pageSize, CancellationToken cancellationToken) =>
        PageAsync(staffId, "NOT i.deleted AND coalesce(i.source, 'local') = 'local' AND " + Overlap, [.. RangeValues(rangeStart, rangeEnd)],
            includeBusiness: true, continuation, pageSize, cancellationToken);

    public async Task<LocalItem?> GetItemAsync(string staffId, ItemKey key, CancellationToken cancellationToken)
    {
        ItemId.Validate(staffId, "staff");
        await using var command = Command($"SELECT {ItemRows.Columns} FROM calendar_sync.items i WHERE i.kind = $1 AND i.staff_id = $2 AND i.id = $3",
            ItemRows.KindName(key.Kind), key.Kind == ItemKind.Closure ? string.Empty : staffId, key.Id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ItemRows.Read(reader).Item : null;
    }

    public Task<LocalItemPage> ListGoogleBlocksAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken) =>
        PageAsync(staffId, "NOT i.deleted AND i.kind = 'block' AND i.source = 'google'", [], includeBusiness: false, continuation, pageSize, cancellationToken);

    public Task<LocalItemPage> ListBlocksAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken) =>
        PageAsync(staffId, "NOT i.deleted AND i.kind = 'block'", [], includeBusiness: false, continuation, pageSize, cancellationToken);

    public async Task<IReadOnlyList<LocalItem>> ListBusyAsync(string staffId, DateTimeOffset rangeStart, DateTimeOffset rangeEnd, CancellationToken cancellationToken)
    {
        ItemId.Validate(staffId, "staff");
        await using var command = Command($"""
            SELECT {ItemRows.Columns} FROM calendar_sync.items i
            WHERE i.staff_id IN ($1, '') AND NOT i.deleted AND coalesce(i.status, 'booked') = 'booked' AND {Overlap}
            ORDER BY i.kind COLLATE "C", i.id COLLATE "C"
            """, [staffId, .. RangeValues(rangeStart, rangeEnd)]);
        var busy = new List<LocalItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (ItemRows.Read(reader).Item is { } item)
            {
                busy.Add(item);
            }
        }

        return busy;
    }

    public async Task<IReadOnlyList<Appointment>> ListBookedAsync(
        string staffId, DateTimeOffset rangeStart, DateTimeOffset rangeEnd, CancellationToken cancellationToken)
    {
        ItemId.Validate(staffId, "staff");
        await using var command = Command($"""
            SELECT {ItemRows.Columns} FROM calendar_sync.items i
            WHERE i.staff_id = $1 AND i.kind = 'appointment' AND NOT i.deleted AND i.status = 'booked' AND {Overlap}
            ORDER BY i.id COLLATE "C"
            """, [staffId, .. RangeValues(rangeStart, rangeEnd)]);
        var booked = new List<Appointment>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (ItemRows.Read(reader).Item is Appointment appointment)
            {
                booked.Add(appointment);
            }
        }

        return booked;
    }

    /// <summary>Parameters $2 to $5: the range's instants, and the day bounds all-day items are compared with.</summary>
    private const string Overlap =
        "((i.starts_at < $3 AND i.ends_at > $2) OR (i.start_date <= $5 AND i.end_date >= $4))";

    private static object[] RangeValues(DateTimeOffset rangeStart, DateTimeOffset rangeEnd) =>
    [
        rangeStart.UtcDateTime,
        rangeEnd.UtcDateTime,
        DateOnly.FromDateTime((rangeStart - AllDayMargin).UtcDateTime),
        DateOnly.FromDateTime((rangeEnd + AllDayMargin).UtcDateTime),
    ];

    /// <summary>
    /// Items in key order (<c>{kind}:{id}</c>, compared byte-wise whatever the database's collation); the continuation is
    /// the last key handed out, checked on the way in. Parameter $1 is the staff id; <paramref name="values"/> follow it.
    /// </summary>
    private async Task<LocalItemPage> PageAsync(
        string staffId, string condition, object[] values, bool includeBusiness, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ItemId.Validate(staffId, "staff");
        (string Kind, string Id) after = continuation is null ? (string.Empty, string.Empty)
            : ItemKey.TryParse(continuation, out var key) && (includeBusiness || key.Kind != ItemKind.Closure)
                ? (ItemRows.KindName(key.Kind), key.Id)
                : throw new InvalidContinuationException();
        var next = values.Length + 2;
        var owners = includeBusiness ? "i.staff_id IN ($1, '')" : "i.staff_id = $1";
        await using var command = Command($"""
            SELECT {ItemRows.Columns} FROM calendar_sync.items i
            WHERE {owners} AND {condition}
                AND (i.kind COLLATE "C", i.id COLLATE "C") > (${next}, ${next + 1})
            ORDER BY i.kind COLLATE "C", i.id COLLATE "C"
            LIMIT ${next + 2}
            """, [staffId, .. values, after.Kind, after.Id, pageSize + 1]);
        var items = new List<LocalItem>(pageSize);
        string? last = null;
        var more = false;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (items.Count == pageSize)
            {
                more = true;
                break;
            }

            var (item, itemKey, _) = ItemRows.Read(reader);
            last = itemKey;
            if (item is not null)
            {
                items.Add(item);
            }
        }

        return new LocalItemPage(items, more ? last : null);
    }

    private static (string Xid, long Seq) ParseWatermark(string? watermark)
    {
        if (watermark is null)
        {
            return ("0", 0);
        }

        var parts = watermark.Split(':');
        return parts.Length == 3 && parts[0] == "pg1"
            && ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
                ? (parts[1], seq)
                : throw new ArgumentException($"'{watermark}' is not a watermark of this change feed.", nameof(watermark));
    }

    private static string FormatWatermark(string xid, long seq) => string.Create(CultureInfo.InvariantCulture, $"pg1:{xid}:{seq}");
}
