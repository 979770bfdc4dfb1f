using CalendarSync.Core.Domain;

namespace CalendarSync.Functions.Http;

/// <summary>
/// Each item kind as the data API reads and shows it, in one table: its fields, how a body's fields become the item (whose
/// constructor checks every rule and limit, <see cref="ItemRules"/>), and how a stored item shows. A new field of a kind
/// is added here once; it needs no other line in the HTTP layer.
/// </summary>
internal sealed class DataApiItem
{
    public static readonly DataApiItem Appointment = Kind<Appointment>(
        Times.Timed,
        ["customerName", "title", "notes", "status"],
        (body, id, staffId, period) => new Appointment(
            id, staffId!, period, body.Text("customerName") ?? string.Empty, body.Text("title"), body.Text("notes"), Status(body.Text("status"))),
        a => [("staffId", a.StaffId), ("customerName", a.CustomerName), ("title", a.Title), ("notes", a.Notes), ("status", StatusName(a.Status))]);

    public static readonly DataApiItem Block = Kind<BlockedSlot>(
        Times.TimedOrAllDay,
        ["summary"],
        (body, id, staffId, period) => new BlockedSlot(id, staffId!, period, BlockOrigin.Local, body.Text("summary")),
        b => [("staffId", b.StaffId), ("origin", b.Origin == BlockOrigin.Local ? "local" : "google"), ("summary", b.Summary), ("googleEventId", b.GoogleEventId)]);

    public static readonly DataApiItem Exception = Kind<AvailabilityException>(
        Times.TimedOrAllDay,
        ["reason"],
        (body, id, staffId, period) => new AvailabilityException(id, staffId!, period, body.Text("reason")),
        e => [("staffId", e.StaffId), ("reason", e.Reason)]);

    public static readonly DataApiItem Closure = Kind<BusinessClosure>(
        Times.AllDay,
        ["name"],
        (body, id, _, period) => new BusinessClosure(id, period.StartDate, period.EndDate, body.Text("name") ?? string.Empty),
        c => [("name", c.Name)]);

    private static readonly Dictionary<Type, DataApiItem> ByType = new[] { Appointment, Block, Exception, Closure }.ToDictionary(k => k._type);

    private readonly Type _type;
    private readonly Times _times;
    private readonly Func<JsonBody, string, string?, Period, LocalItem> _read;
    private readonly Func<LocalItem, IEnumerable<(string Name, object? Value)>> _show;

    private DataApiItem(
        Type type, Times times, IEnumerable<string> fields,
        Func<JsonBody, string, string?, Period, LocalItem> read, Func<LocalItem, IEnumerable<(string, object?)>> show)
    {
        _type = type;
        _times = times;
        _read = read;
        _show = show;
        Fields = new HashSet<string>(
            fields.Concat(times == Times.AllDay ? [] : ["start", "end"]).Concat(times == Times.Timed ? [] : ["startDate", "endDate"]),
            StringComparer.Ordinal);
    }

    /// <summary>Where an item's time can be given: instants (<c>start</c>, <c>end</c>), whole days (<c>startDate</c>, <c>endDate</c>), or either.</summary>
    private enum Times
    {
        Timed,
        AllDay,
        TimedOrAllDay,
    }

    /// <summary>The body fields of this kind, its time's included.</summary>
    public IReadOnlySet<string> Fields { get; }

    /// <summary>The item a body describes; <paramref name="staffId"/> is null for a closure, which belongs to no one staff member.</summary>
    public LocalItem Read(JsonBody body, string id, string? staffId) => _read(body, id, staffId, ReadPeriod(body));

    /// <summary>How a stored item shows: its id, its kind's fields, its time (instants or whole days), version and last change.</summary>
    public static Dictionary<string, object?> Show(LocalItem item)
    {
        var json = new Dictionary<string, object?>(StringComparer.Ordinal) { ["id"] = item.Id };
        foreach (var (name, value) in ByType[item.GetType()]._show(item))
        {
            json[name] = value;
        }

        if (item.Period.IsAllDay)
        {
            json["startDate"] = item.Period.StartDate;
            json["endDate"] = item.Period.EndDate;
        }
        else
        {
            json["start"] = item.Period.Start;
            json["end"] = item.Period.End;
        }

        json["version"] = item.Version;
        json["lastModified"] = item.LastModified;
        return json;
    }

    private static DataApiItem Kind<T>(
        Times times, string[] fields, Func<JsonBody, string, string?, Period, T> read, Func<T, IEnumerable<(string, object?)>> show)
        where T : LocalItem =>
        new(typeof(T), times, fields, read, item => show((T)item));

    // The kind's Fields let only its own time fields through, so a body here names instants or days, or neither.
    private Period ReadPeriod(JsonBody body)
    {
        var timed = body.Has("start") || body.Has("end");
        var allDay = body.Has("startDate") || body.Has("endDate");
        if (timed && allDay)
        {
            throw new RequestRefusedException("start", "Give either 'start' and 'end' or 'startDate' and 'endDate', not both.");
        }

        return allDay || (!timed && _times != Times.Timed)
            ? Period.AllDay(ItemRules.ParseDate("startDate", body.Text("startDate")), ItemRules.ParseDate("endDate", body.Text("endDate")))
            : Period.Timed(ItemRules.ParseInstant("start", body.Text("start")), ItemRules.ParseInstant("end", body.Text("end")));
    }

    private static AppointmentStatus Status(string? status) => status switch
    {
        null or "booked" => AppointmentStatus.Booked,
        "cancelled" => AppointmentStatus.Cancelled,
        _ => throw new RequestRefusedException("status", "'status' must be 'booked' or 'cancelled'."),
    };

    private static string StatusName(AppointmentStatus status) => status == AppointmentStatus.Booked ? "booked" : "cancelled";
}
