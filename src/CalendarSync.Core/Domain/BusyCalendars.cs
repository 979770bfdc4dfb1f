namespace CalendarSync.Core.Domain;

/// <summary>
/// The calendars besides the primary that make a staff member busy, read as busy times only: their busy periods come
/// through Google's free/busy and become blocks with no title and no detail (<see cref="BlockedSlot.BusyTimeEventId"/>).
/// In the order given, without repeats; a value, so connections that read the same calendars are equal.
/// </summary>
public sealed record BusyCalendars
{
    /// <summary>A run asks free/busy for all of them in one call (Google takes 50); a staff member's handful fits easily.</summary>
    public const int MaxCalendars = 20;

    /// <summary>Google's calendar ids are addresses; longer is not an id.</summary>
    public const int MaxIdLength = 254;

    public static readonly BusyCalendars None = new([]);

    // Joined, so that equality is the list's (ids never hold a line break).
    private readonly string _joined;

    private BusyCalendars(IReadOnlyList<string> ids)
    {
        Ids = ids;
        _joined = string.Join('\n', ids);
    }

    public IReadOnlyList<string> Ids { get; }

    public bool IsEmpty => Ids.Count == 0;

    /// <summary>
    /// The calendars <paramref name="ids"/> names, checked: each a calendar id (no spaces or control characters, at most
    /// <see cref="MaxIdLength"/> characters), none the primary <paramref name="primaryCalendarId"/> (read in full already),
    /// at most <see cref="MaxCalendars"/>; a repeat counts once.
    /// </summary>
    public static BusyCalendars Of(IEnumerable<string> ids, string primaryCalendarId)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var checkedIds = new List<string>();
        foreach (var id in ids)
        {
            if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength || id.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                throw new DomainValidationException(
                    "calendars", $"'{PlainText.Excerpt(id)}' is not a calendar id: 1 to {MaxIdLength} characters, no spaces or control characters.");
            }

            if (id == "primary" || string.Equals(id, primaryCalendarId, StringComparison.OrdinalIgnoreCase))
            {
                throw new DomainValidationException("calendars", "The primary calendar is read in full; it cannot be read as busy times only as well.");
            }

            if (!checkedIds.Contains(id, StringComparer.Ordinal))
            {
                checkedIds.Add(id);
            }
        }

        return checkedIds.Count > MaxCalendars
            ? throw new DomainValidationException("calendars", $"At most {MaxCalendars} calendars can be read as busy times; {checkedIds.Count} were given.")
            : new BusyCalendars(checkedIds);
    }

    /// <summary>As stored: one id a line; empty or null for none.</summary>
    public static BusyCalendars Parse(string? stored, string primaryCalendarId) =>
        string.IsNullOrEmpty(stored) ? None : Of(stored.Split('\n'), primaryCalendarId);

    public override string ToString() => _joined;

    public bool Equals(BusyCalendars? other) => other is not null && string.Equals(_joined, other._joined, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_joined);
}
