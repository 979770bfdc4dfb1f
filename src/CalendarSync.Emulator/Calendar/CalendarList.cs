using System.Security.Cryptography;

namespace CalendarSync.Emulator.Calendar;

/// <summary>
/// One user's calendar list: the calendars on it in the order they joined. An entry that leaves (unsubscribed, unshared,
/// its calendar deleted) stays as deleted, so an incremental list reports it. Read and written under <see cref="Gate"/>.
/// </summary>
internal sealed class CalendarList
{
    private readonly Dictionary<string, ListedCalendar> _entries = new(StringComparer.OrdinalIgnoreCase);
    private long _ordinal;

    public Lock Gate { get; } = new();

    /// <summary>Tells this list apart from an earlier one of the same user (before a reset), so old tokens fail.</summary>
    public string Incarnation { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public long Version { get; private set; }

    public IEnumerable<ListedCalendar> Entries => _entries.Values.OrderBy(e => e.Ordinal);

    public ListedCalendar? Find(string calendarId) => _entries.GetValueOrDefault(calendarId);

    /// <summary>Puts the calendar on the list, or back on it; a calendar already on it is left alone.</summary>
    public void Add(string calendarId)
    {
        if (_entries.TryGetValue(calendarId, out var entry) && !entry.Deleted)
        {
            return;
        }

        _entries[calendarId] = new ListedCalendar(calendarId, entry?.Ordinal ?? ++_ordinal, ++Version, Deleted: false);
    }

    /// <summary>Takes the calendar off the list; false when it was not on it.</summary>
    public bool Remove(string calendarId)
    {
        if (!_entries.TryGetValue(calendarId, out var entry) || entry.Deleted)
        {
            return false;
        }

        _entries[calendarId] = entry with { Version = ++Version, Deleted = true };
        return true;
    }
}
