using System.Collections.Concurrent;

namespace CalendarSync.Emulator.Calendar;

/// <summary>All calendars, by id (the owner's email), and the generation that every sync token must match.</summary>
public sealed class CalendarStore(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, CalendarData> _calendars = new(StringComparer.OrdinalIgnoreCase);
    private int _syncGeneration;

    /// <summary>Bumped by the "expire sync tokens" fault: every token issued before answers 410.</summary>
    internal int SyncGeneration => Volatile.Read(ref _syncGeneration);

    internal CalendarData? Find(string id) => _calendars.GetValueOrDefault(id);

    /// <summary>Creates the calendar, or returns the existing one (a user created twice keeps their events).</summary>
    internal CalendarData GetOrCreate(string id, TimeZoneInfo zone) =>
        _calendars.GetOrAdd(id, key => new CalendarData(key, zone, time.GetUtcNow()));

    public void ExpireSyncTokens() => Interlocked.Increment(ref _syncGeneration);

    public void Clear()
    {
        _calendars.Clear();
        ExpireSyncTokens();
    }
}
