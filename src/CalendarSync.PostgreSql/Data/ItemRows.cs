using System.Data.Common;
using CalendarSync.Core.Domain;

namespace CalendarSync.PostgreSql.Data;

/// <summary>
/// Rows of the <c>calendar_sync.items</c> view (every kind, live or deleted, in one shape) to local items. Each item's
/// constructor checks what the schema's constraints cannot (text lengths, control characters, the span and dates an item may
/// take); a row that fails it is reported by its key instead of stopping the read.
/// </summary>
internal static class ItemRows
{
    /// <summary>The view's columns in the order <see cref="Read"/> expects them.</summary>
    public const string Columns =
        "i.kind, i.staff_id, i.id, i.starts_at, i.ends_at, i.start_date, i.end_date, i.customer_name, i.title, i.notes, i.status, " +
        "i.summary, i.source, i.google_event_id, i.reason, i.name, i.version, i.updated_at, i.deleted";

    /// <summary>Reads the row at <paramref name="offset"/>: the item, or its key and why it cannot be one.</summary>
    public static (LocalItem? Item, string Key, string? Problem) Read(DbDataReader row, int offset = 0)
    {
        var kind = row.GetString(offset);
        var id = row.GetString(offset + 2);
        var key = $"{kind}:{id}";
        try
        {
            return (ToItem(row, offset, kind, id), key, null);
        }
        catch (DomainValidationException ex)
        {
            return (null, key, ex.Message);
        }
    }

    /// <summary>The kind's name in the schema, as in item keys.</summary>
    public static string KindName(ItemKind kind) => kind switch
    {
        ItemKind.Appointment => "appointment",
        ItemKind.Block => "block",
        ItemKind.Exception => "exception",
        ItemKind.Closure => "closure",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static LocalItem ToItem(DbDataReader row, int o, string kind, string id)
    {
        var staffId = row.GetString(o + 1);
        var version = row.GetInt64(o + 16);
        var modified = new DateTimeOffset(row.GetFieldValue<DateTime>(o + 17), TimeSpan.Zero);
        var deleted = row.GetBoolean(o + 18);
        var period = ReadPeriod(row, o);
        return kind switch
        {
            "appointment" => new Appointment(id, staffId, period, row.GetString(o + 7), Text(row, o + 8), Text(row, o + 9),
                Status(row.GetString(o + 10)), version, modified, deleted),
            "block" => new BlockedSlot(id, staffId, period, row.GetString(o + 12) == "google" ? BlockOrigin.Google : BlockOrigin.Local,
                Text(row, o + 11), Text(row, o + 13), version, modified, deleted),
            "exception" => new AvailabilityException(id, staffId, period, Text(row, o + 14), version, modified, deleted),
            "closure" => new BusinessClosure(id, period.StartDate, period.EndDate, row.GetString(o + 15), version, modified, deleted),
            _ => throw new DomainValidationException($"Unknown item kind '{kind}'."),
        };
    }

    private static Period ReadPeriod(DbDataReader row, int o) =>
        row.IsDBNull(o + 3)
            ? Period.AllDay(row.GetFieldValue<DateOnly>(o + 5), row.GetFieldValue<DateOnly>(o + 6))
            : Period.Timed(new DateTimeOffset(row.GetFieldValue<DateTime>(o + 3), TimeSpan.Zero), new DateTimeOffset(row.GetFieldValue<DateTime>(o + 4), TimeSpan.Zero));

    private static AppointmentStatus Status(string status) => status switch
    {
        "booked" => AppointmentStatus.Booked,
        "cancelled" => AppointmentStatus.Cancelled,
        _ => throw new DomainValidationException("status", $"Unknown appointment status '{status}'."),
    };

    private static string? Text(DbDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);
}
