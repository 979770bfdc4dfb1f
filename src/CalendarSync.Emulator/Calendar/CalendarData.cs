using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace CalendarSync.Emulator.Calendar;

/// <summary>
/// One calendar: a user's primary (its id is their email) or a secondary one. Every read and write of its events
/// happens under <see cref="Gate"/>; who may see it is in <see cref="Roles"/>.
/// </summary>
internal sealed class CalendarData(
    string id, TimeZoneInfo zone, DateTimeOffset created, string summary, string? description = null, string? dataOwner = null,
    string? createdByClient = null)
{
    public string Id { get; } = id;

    public TimeZoneInfo Zone { get; } = zone;

    public string Summary { get; } = summary;

    public string? Description { get; } = description;

    /// <summary>The user who made a secondary calendar; null for a primary one, as Google leaves it out.</summary>
    public string? DataOwner { get; } = dataOwner;

    public bool IsPrimary => DataOwner is null;

    /// <summary>The OAuth client whose calendars.insert made it: the <c>calendar.app.created</c> scope reaches only those.</summary>
    public string? CreatedByClient { get; } = createdByClient;

    /// <summary>Each user's access role (<see cref="AccessRole"/>) by email; a user not named has none.</summary>
    public ConcurrentDictionary<string, string> Roles { get; } = new(StringComparer.OrdinalIgnoreCase);

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

    public string RoleOf(string user) => Roles.GetValueOrDefault(user) ?? AccessRole.None;

    public long NextVersion() => ++Version;

    public long NextOrdinal() => ++_ordinal;

    public string ETag(long version) => $"\"{Updated.ToUnixTimeMilliseconds()}{version % 1000:D3}\"";
}
