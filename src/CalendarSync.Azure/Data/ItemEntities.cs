using System.Globalization;
using Azure.Data.Tables;
using CalendarSync.Core.Domain;

namespace CalendarSync.Azure.Data;

/// <summary>Local items to table rows and back; the same columns serve an item's row and its change-feed row.</summary>
internal static class ItemEntities
{
    public const string ItemPrefix = "item|";
    public const string ChangePrefix = "change|";

    /// <summary>Sorts after every item key and every change number (both are ASCII below '~').</summary>
    public const string RangeEnd = "~";

    /// <summary>All-day items are stored as UTC days widened by the largest zone offsets, so range filters find them in any zone.</summary>
    private static readonly TimeSpan AllDayMargin = TimeSpan.FromHours(14);

    public static string ItemRow(ItemKey key) => ItemPrefix + key;

    public static string ChangeRow(long sequence) => ChangePrefix + sequence.ToString("D19", CultureInfo.InvariantCulture);

    public static TableEntity ToEntity(string partition, string row, LocalItem item, long sequence)
    {
        var inFeed = item is not BlockedSlot { Origin: BlockOrigin.Google };
        var (rangeStart, rangeEnd) = item.Period.IsAllDay
            ? (Midnight(item.Period.StartDate) - AllDayMargin, Midnight(item.Period.EndDate) + AllDayMargin)
            : (item.Period.Start, item.Period.End);
        var entity = new TableEntity(partition, row)
        {
            ["Key"] = item.Key.ToString(),
            ["StaffId"] = item.StaffId,
            ["Version"] = item.Version,
            ["LastModified"] = item.LastModified,
            ["IsDeleted"] = item.IsDeleted,
            ["Sequence"] = sequence,
            ["InFeed"] = inFeed,
            ["AllDay"] = item.Period.IsAllDay,
            ["RangeStart"] = rangeStart,
            ["RangeEnd"] = rangeEnd,
        };
        if (item.Period.IsAllDay)
        {
            entity["StartDate"] = item.Period.StartDate.ToString("O", CultureInfo.InvariantCulture);
            entity["EndDate"] = item.Period.EndDate.ToString("O", CultureInfo.InvariantCulture);
        }
        else
        {
            entity["Start"] = item.Period.Start;
            entity["End"] = item.Period.End;
        }

        switch (item)
        {
            case Appointment a:
                entity["CustomerName"] = a.CustomerName;
                entity["Title"] = a.Title;
                entity["Notes"] = a.Notes;
                entity["Status"] = a.Status.ToString();
                break;
            case BlockedSlot b:
                entity["Origin"] = b.Origin.ToString();
                entity["Summary"] = b.Summary;
                entity["GoogleEventId"] = b.GoogleEventId;
                break;
            case AvailabilityException x:
                entity["Reason"] = x.Reason;
                break;
            case BusinessClosure c:
                entity["Name"] = c.Name;
                break;
            default:
                throw new ArgumentException($"Unknown item type {item.GetType().Name}.", nameof(item));
        }

        return entity;
    }

    public static LocalItem ToItem(TableEntity entity)
    {
        var key = ItemKey.Parse(entity.GetString("Key"));
        var period = entity.GetBoolean("AllDay") == true
            ? Period.AllDay(Date(entity, "StartDate"), Date(entity, "EndDate"))
            : Period.Timed(Instant(entity, "Start"), Instant(entity, "End"));
        var version = entity.GetInt64("Version") ?? 0;
        var modified = entity.GetDateTimeOffset("LastModified") ?? default;
        var deleted = entity.GetBoolean("IsDeleted") == true;
        return key.Kind switch
        {
            ItemKind.Appointment => new Appointment(key.Id, entity.GetString("StaffId"), period, entity.GetString("CustomerName"),
                entity.GetString("Title"), entity.GetString("Notes"), Enum.Parse<AppointmentStatus>(entity.GetString("Status")),
                version, modified, deleted),
            ItemKind.Block => new BlockedSlot(key.Id, entity.GetString("StaffId"), period, Enum.Parse<BlockOrigin>(entity.GetString("Origin")),
                entity.GetString("Summary"), entity.GetString("GoogleEventId"), version, modified, deleted),
            ItemKind.Exception => new AvailabilityException(key.Id, entity.GetString("StaffId"), period, entity.GetString("Reason"),
                version, modified, deleted),
            _ => new BusinessClosure(key.Id, period.StartDate, period.EndDate, entity.GetString("Name"), version, modified, deleted),
        };
    }

    private static DateTimeOffset Midnight(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static DateOnly Date(TableEntity entity, string name) =>
        DateOnly.ParseExact(entity.GetString(name), "O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Instant(TableEntity entity, string name) =>
        entity.GetDateTimeOffset(name) ?? throw new FormatException($"Row {entity.PartitionKey}/{entity.RowKey} has no {name}.");
}
