using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Connections;

/// <summary>
/// A change of a staff member's choice of calendars, as the data API and calsync take it: the calendars read in full, those
/// read as busy times only, and the write calendar (or a new one to create for it). Each part left null stays as it is.
/// Its rules (<see cref="ApplyTo"/>) are the one place that decides whether a choice can stand.
/// </summary>
public sealed record CalendarSelection
{
    /// <summary>What names the primary calendar as the write calendar, besides its id.</summary>
    public const string Primary = "primary";

    /// <summary>The calendars besides the primary to read in full; null: unchanged.</summary>
    public IReadOnlyList<string>? Read { get; init; }

    /// <summary>The calendars to read as busy times only; null: unchanged.</summary>
    public IReadOnlyList<string>? BusyOnly { get; init; }

    /// <summary>The calendar to receive appointments, an id or <see cref="Primary"/>; null: unchanged.</summary>
    public string? Write { get; init; }

    /// <summary>The title of a new calendar to create and make the write calendar; null: none.</summary>
    public string? CreateWriteCalendar { get; init; }

    /// <summary>
    /// <paramref name="connection"/> with this choice made, checked against the staff member's calendar list as Google has it
    /// now (<paramref name="calendarList"/>): every calendar named is on it; one read in full needs at least <c>reader</c>
    /// access, the write calendar must be the staff member's own (<c>owner</c>: our events' ids are the items', so two staff
    /// members writing to one calendar would take each other's closures); no calendar is both read in full and busy-only; the write calendar is read
    /// in full, never busy-only, and the primary is stored as none. Choosing a write calendar drops a creation still awaited;
    /// <see cref="CreateWriteCalendar"/> records one (the caller creates the calendar when the grant allows, and chooses it
    /// through <see cref="Write"/>). A choice that cannot stand throws a <see cref="DomainValidationException"/> naming the calendar.
    /// </summary>
    public CalendarConnection ApplyTo(CalendarConnection connection, IReadOnlyList<CalendarEntry> calendarList)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(calendarList);
        if (Write is not null && CreateWriteCalendar is not null)
        {
            throw new DomainValidationException("write", "Give either write (a calendar on the list) or createWriteCalendar (a new one), not both.");
        }

        var primary = connection.CalendarId;
        var read = Read is null ? connection.ReadCalendars : Listed(OtherCalendars.Of(Read, primary), calendarList, "read", CalendarAccessRole.Reader);
        var busy = BusyOnly is null ? connection.BusyCalendars : Listed(OtherCalendars.Of(BusyOnly, primary), calendarList, "busyOnly", CalendarAccessRole.FreeBusyReader);
        var write = Write is null ? connection.WriteCalendarId : WriteCalendar(Write, primary, calendarList);

        var both = read.Ids.Where(id => Contains(busy.Ids, id)).ToList();
        if (both.Count > 0)
        {
            throw new DomainValidationException(
                "busyOnly", $"Read both in full and as busy times only: {Names(both)}. A calendar is read one way; give the lists without it in one of them.");
        }

        if (write is not null && Contains(busy.Ids, write))
        {
            throw new DomainValidationException(
                "write", $"The write calendar {PlainText.Excerpt(write)} is read as busy times only; the write calendar is always read in full. Leave it out of busyOnly.");
        }

        return connection with
        {
            // The write calendar is read in full as such; listed among the others as well it would be read twice.
            ReadCalendars = write is not null && Contains(read.Ids, write) ? OtherCalendars.Of(read.Ids.Where(id => !Same(id, write)), primary) : read,
            BusyCalendars = busy,
            WriteCalendarId = write,
            CreateWriteCalendar = Write is not null ? null : CreateWriteCalendar ?? connection.CreateWriteCalendar,
        };
    }

    /// <summary>A title for a calendar to create, checked as a short text: not blank, no control characters, at most <see cref="ItemRules.MaxShortText"/> characters.</summary>
    public static string CalendarTitle(string? title) =>
        ItemRules.RequiredText("createWriteCalendar", title, ItemRules.MaxShortText).Trim();

    private static OtherCalendars Listed(OtherCalendars chosen, IReadOnlyList<CalendarEntry> calendarList, string field, CalendarAccessRole needed)
    {
        var missing = chosen.Ids.Where(id => Find(calendarList, id) is null).ToList();
        if (missing.Count > 0)
        {
            throw new DomainValidationException(
                field, $"Not on the staff member's calendar list: {Names(missing)}. Share the calendar with them, or pick one that is.");
        }

        var weak = chosen.Ids.Where(id => Find(calendarList, id)!.AccessRole < needed).ToList();
        return weak.Count > 0
            ? throw new DomainValidationException(
                field, $"Shared with the staff member for free/busy only: {Names(weak)}. Such a calendar can be read as busy times only, not in full.")
            : chosen;
    }

    private static string? WriteCalendar(string write, string primary, IReadOnlyList<CalendarEntry> calendarList)
    {
        if (write == Primary || Same(write, primary))
        {
            return null;
        }

        var id = OtherCalendars.Of([write], primary).Ids[0];
        var entry = Find(calendarList, id)
            ?? throw new DomainValidationException("write", $"Not on the staff member's calendar list: {Names([id])}. Pick a calendar they can write to, or create one.");
        return entry.AccessRole == CalendarAccessRole.Owner
            ? entry.Id
            : throw new DomainValidationException(
                "write", $"{Names([id])} is not the staff member's own calendar (their access: {entry.AccessRole}); the write calendar must be one they own, as a calendar they create is.");
    }

    private static CalendarEntry? Find(IReadOnlyList<CalendarEntry> calendarList, string id) => calendarList.FirstOrDefault(c => Same(c.Id, id));

    private static bool Contains(IReadOnlyList<string> ids, string id) => ids.Any(i => Same(i, id));

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string Names(IEnumerable<string> ids) => string.Join(", ", ids.Select(PlainText.Excerpt));
}
