namespace CalendarSync.Core.Domain;

/// <summary>
/// Calendars of a staff member's list besides their primary, by id: those read as busy times only
/// (<see cref="CalendarConnection.BusyCalendars"/>) and those read in full (<see cref="CalendarConnection.ReadCalendars"/>).
/// In the order given, without repeats; a value, so connections that read the same calendars are equal.
/// </summary>
public sealed record OtherCalendars
{
    /// <summary>A staff member's handful fits easily; a run asks free/busy for all of them in one call (Google takes 50).</summary>
    public const int MaxCalendars = 20;

    /// <summary>Google's calendar ids are addresses; longer is not an id.</summary>
    public const int MaxIdLength = 254;

    public static readonly OtherCalendars None = new([]);

    // Joined, so that equality is the list's (ids never hold a line break).
    private readonly string _joined;

    private OtherCalendars(IReadOnlyList<string> ids)
    {
        Ids = ids;
        _joined = string.Join('\n', ids);
    }

    public IReadOnlyList<string> Ids { get; }

    public bool IsEmpty => Ids.Count == 0;

    /// <summary>
    /// The calendars <paramref name="ids"/> names, checked: each a calendar id (no spaces or control characters, at most
    /// <see cref="MaxIdLength"/> characters), none the primary <paramref name="primaryCalendarId"/> (always read in full),
    /// at most <see cref="MaxCalendars"/>; a repeat counts once.
    /// </summary>
    public static OtherCalendars Of(IEnumerable<string> ids, string primaryCalendarId)
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
                throw new DomainValidationException("calendars", "The primary calendar is always read in full; it is not chosen among the others.");
            }

            if (!checkedIds.Contains(id, StringComparer.Ordinal))
            {
                checkedIds.Add(id);
            }
        }

        return checkedIds.Count > MaxCalendars
            ? throw new DomainValidationException("calendars", $"At most {MaxCalendars} calendars besides the primary can be chosen; {checkedIds.Count} were given.")
            : new OtherCalendars(checkedIds);
    }

    /// <summary>These calendars but those <paramref name="predicate"/> holds for, in the same order.</summary>
    public OtherCalendars Except(Func<string, bool> predicate) =>
        Ids.Any(predicate) ? new OtherCalendars([.. Ids.Where(id => !predicate(id))]) : this;

    /// <summary>As stored: one id a line; empty or null for none.</summary>
    public static OtherCalendars Parse(string? stored, string primaryCalendarId) =>
        string.IsNullOrEmpty(stored) ? None : Of(stored.Split('\n'), primaryCalendarId);

    public override string ToString() => _joined;

    public bool Equals(OtherCalendars? other) => other is not null && string.Equals(_joined, other._joined, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_joined);
}
