using System.Security.Cryptography;
using System.Text;
using CalendarSync.Core.Calendar;

namespace CalendarSync.Core.Domain;

/// <summary>Time in which a staff member cannot be booked: entered locally, or mirrored from one of their Google events.</summary>
public sealed record BlockedSlot : LocalItem
{
    /// <summary>Ids of Google-origin blocks start with this; local ids may not, so the two never collide.</summary>
    public const string GoogleIdPrefix = "g-";

    public BlockedSlot(
        string id,
        string staffId,
        Period period,
        BlockOrigin origin,
        string? summary = null,
        string? googleEventId = null,
        long version = 1,
        DateTimeOffset lastModified = default,
        bool isDeleted = false)
        : base(ItemKind.Block, id, period, version, lastModified, isDeleted)
    {
        StaffId = ItemId.Validate(staffId, "staff");
        Origin = origin;
        switch (origin)
        {
            case BlockOrigin.Local when IsGoogleOrigin(Key):
                throw new DomainValidationException("id", $"A local block id may not start with '{GoogleIdPrefix}' ({id}).");
            case BlockOrigin.Local:
                ItemRules.CheckPeriod(period);
                Summary = ItemRules.OptionalText("summary", summary, ItemRules.MaxShortText);
                break;
            case BlockOrigin.Google when string.IsNullOrEmpty(googleEventId) || id != IdForGoogleEvent(googleEventId):
                throw new DomainValidationException($"Google-origin block {id} must carry the event id it was derived from.");
            case BlockOrigin.Google:
                // Google's time and summary as the sync read them (EventRendering.BlockSummary): the limits are for
                // what the appointment system writes, and a staff member's year-long event still blocks the year.
                Summary = summary;
                break;
            default:
                throw new DomainValidationException($"Unknown block origin {origin}.");
        }

        GoogleEventId = googleEventId;
    }

    public override string StaffId { get; }

    public BlockOrigin Origin { get; }

    /// <summary>For Google-origin blocks, the event's title, so the booking page can say why the time is taken.</summary>
    public string? Summary { get; }

    public string? GoogleEventId { get; }

    /// <summary>
    /// The block id for a Google event: the prefix plus the event id where it fits the id rule, else a hash of it
    /// (Google allows ids of 1024 characters; ours stop at 128).
    /// </summary>
    public static string IdForGoogleEvent(string eventId)
    {
        var plain = GoogleIdPrefix + eventId;
        return ItemId.IsValid(plain)
            ? plain
            : GoogleIdPrefix + "h" + EventIds.Base32Hex(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)));
    }

    public static ItemKey KeyForGoogleEvent(string eventId) => new(ItemKind.Block, IdForGoogleEvent(eventId));

    /// <summary>
    /// The stand-in for an event id that a block of busy time read from another calendar (<see cref="CalendarConnection.BusyCalendars"/>)
    /// carries: the calendar's <see cref="CalendarTag"/> and the period's edges, so the block is the period's and no
    /// Google event's. Its block id starts with <see cref="BusyIdPrefix"/>, which no Google event id can give.
    /// </summary>
    public static string BusyTimeEventId(string calendarId, DateTimeOffset start, DateTimeOffset end) =>
        FormattableString.Invariant($"{BusyIdPrefix[GoogleIdPrefix.Length..]}{CalendarTag(calendarId)}.{start.ToUnixTimeSeconds()}.{end.ToUnixTimeSeconds()}");

    /// <summary>Ids of blocks of busy time start with this: Google's event ids hold no '.'.</summary>
    public const string BusyIdPrefix = GoogleIdPrefix + ".b";

    /// <summary>Characters that name a calendar in its busy blocks' ids: its blocks are found by them, and its id is not in them.</summary>
    public const int CalendarTagLength = 10;

    public static string CalendarTag(string calendarId) =>
        EventIds.Base32Hex(SHA256.HashData(Encoding.UTF8.GetBytes(calendarId.ToLowerInvariant())))[..CalendarTagLength];

    /// <summary>The <see cref="CalendarTag"/> of the calendar a block of busy time came from; null for any other key.</summary>
    public static string? BusyTimeCalendarTag(ItemKey key) =>
        IsBusyTime(key) && key.Id.Length >= BusyIdPrefix.Length + CalendarTagLength ? key.Id.Substring(BusyIdPrefix.Length, CalendarTagLength) : null;

    /// <summary>Whether <paramref name="key"/> is a block of busy time read from another calendar.</summary>
    public static bool IsBusyTime(ItemKey key) => key.Kind == ItemKind.Block && key.Id.StartsWith(BusyIdPrefix, StringComparison.Ordinal);

    /// <summary>
    /// The stand-in for an event id that a block of an event of another calendar read in full
    /// (<see cref="CalendarConnection.ReadCalendars"/>) carries: the calendar's <see cref="CalendarTag"/> and the event's id
    /// (a hash of it when too long for a block id), so events of two calendars never share a block. Its block id starts
    /// with <see cref="OtherCalendarIdPrefix"/>.
    /// </summary>
    public static string OtherCalendarEventId(string calendarId, string eventId)
    {
        var head = OtherCalendarIdPrefix[GoogleIdPrefix.Length..] + CalendarTag(calendarId) + ".";
        var plain = head + eventId;
        return ItemId.IsValid(GoogleIdPrefix + plain)
            ? plain
            : head + "h" + EventIds.Base32Hex(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)))[..32];
    }

    /// <summary>Ids of blocks of events read from another calendar start with this, then the calendar's tag and a '.'.</summary>
    public const string OtherCalendarIdPrefix = GoogleIdPrefix + ".c";

    /// <summary>The start every block id of the calendar <paramref name="calendarId"/>'s events has (<see cref="OtherCalendarEventId"/>).</summary>
    public static string OtherCalendarBlockPrefix(string calendarId) => OtherCalendarIdPrefix + CalendarTag(calendarId) + ".";

    /// <summary>
    /// Whether <paramref name="key"/> is a block read from a calendar other than the one our events are in: busy time
    /// (<see cref="IsBusyTime"/>) or an event of a calendar read in full (<see cref="OtherCalendarEventId"/>).
    /// </summary>
    public static bool IsFromOtherCalendar(ItemKey key) =>
        key.Kind == ItemKind.Block && key.Id.StartsWith(GoogleIdPrefix + ".", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="key"/> is a Google-origin block's: only the sync writes and deletes those.</summary>
    public static bool IsGoogleOrigin(ItemKey key) =>
        key.Kind == ItemKind.Block && key.Id.StartsWith(GoogleIdPrefix, StringComparison.Ordinal);
}
