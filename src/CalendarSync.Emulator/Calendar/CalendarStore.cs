using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace CalendarSync.Emulator.Calendar;

/// <summary>
/// All calendars, by id (a primary calendar's is its owner's email), each user's calendar list, and the generation that
/// every sync token must match.
/// </summary>
public sealed class CalendarStore(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, CalendarData> _calendars = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, CalendarList> _lists = new(StringComparer.OrdinalIgnoreCase);
    private int _syncGeneration;

    /// <summary>Bumped by the "expire sync tokens" fault: every token issued before answers 410.</summary>
    internal int SyncGeneration => Volatile.Read(ref _syncGeneration);

    internal CalendarData? Find(string id) => _calendars.GetValueOrDefault(id);

    internal CalendarList ListOf(string user) => _lists.GetOrAdd(user, _ => new CalendarList());

    /// <summary>Creates a user's primary calendar, or returns the existing one (a user created twice keeps their events).</summary>
    internal CalendarData GetOrCreate(string id, TimeZoneInfo zone)
    {
        var calendar = _calendars.GetOrAdd(id, key => new CalendarData(key, zone, time.GetUtcNow(), summary: key));
        Share(calendar, id, AccessRole.Owner);
        return calendar;
    }

    /// <summary>A new secondary calendar, owned by <paramref name="owner"/> and on their list, with an id as Google makes them.</summary>
    internal CalendarData CreateSecondary(string owner, string summary, TimeZoneInfo zone, string? description, string clientId)
    {
        var id = "c_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) + "@group.calendar.google.com";
        var calendar = new CalendarData(id, zone, time.GetUtcNow(), summary, description, dataOwner: owner, createdByClient: clientId);
        _calendars[id] = calendar;
        Share(calendar, owner, AccessRole.Owner);
        return calendar;
    }

    /// <summary>Gives a user a role on the calendar and puts it on their list; <see cref="AccessRole.None"/> takes both away.</summary>
    internal void Share(CalendarData calendar, string user, string role)
    {
        var list = ListOf(user);
        lock (list.Gate)
        {
            if (role == AccessRole.None)
            {
                calendar.Roles.TryRemove(user, out _);
                list.Remove(calendar.Id);
                return;
            }

            calendar.Roles[user] = role;
            list.Add(calendar.Id);
        }
    }

    /// <summary>Deletes a calendar for everyone: it leaves every list it was on, and answers no one any more.</summary>
    internal void Delete(CalendarData calendar)
    {
        _calendars.TryRemove(calendar.Id, out _);
        foreach (var user in calendar.Roles.Keys)
        {
            var list = ListOf(user);
            lock (list.Gate)
            {
                list.Remove(calendar.Id);
            }
        }
    }

    public void ExpireSyncTokens() => Interlocked.Increment(ref _syncGeneration);

    public void Clear()
    {
        _calendars.Clear();
        _lists.Clear();
        ExpireSyncTokens();
    }
}
