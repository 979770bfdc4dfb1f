using System.Security.Cryptography;

namespace CalendarSync.Emulator.Calendar;

/// <summary>One user's primary calendar. Every read and write of its events happens under <see cref="Gate"/>.</summary>
internal sealed class CalendarData(string id, TimeZoneInfo zone, DateTimeOffset created)
{
    public string Id { get; } = id;

    public TimeZoneInfo Zone { get; } = zone;

    /// <summary>Tells this calendar apart from an earlier one of the same id (before a reset), so old tokens fail.</summary>
    public string Incarnation { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>The push channels' <c>resourceId</c>: opaque and stable for the calendar's events collection.</summary>
    public string ResourceId { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public Lock Gate { get; } = new();

    /// <summary>Every event ever stored, deleted ones included: their ids stay taken and sync reports them.</summary>
    public Dictionary<string, StoredEvent> Events { get; } = new(StringComparer.Ordinal);

    /// <summary>Every write asked of this calendar, answered or refused, in order.</summary>
    public List<WriteRecord> Writes { get; } = [];

    public long Version { get; private set; }

    public DateTimeOffset Updated { get; set; } = created;

    private long _ordinal;

    public long NextVersion() => ++Version;

    public long NextOrdinal() => ++_ordinal;

    public string ETag(long version) => $"\"{Updated.ToUnixTimeMilliseconds()}{version % 1000:D3}\"";
}
