namespace CalendarSync.Core.Sync;

public enum SkipReason
{
    /// <summary>The item lies outside the synced window.</summary>
    OutsideWindow,

    /// <summary>A Google event that does not block time (free, declined, an unanswered invitation where only accepted ones block, working location, cancelled, no time).</summary>
    NotBlocking,

    /// <summary>The connection's direction excludes it (a push-only connection imports nothing, a pull-only one writes nothing).</summary>
    Direction,

    /// <summary>A row of the appointment data breaks an item rule (written with SQL past what the schema checks); the run's message names it.</summary>
    Unreadable,
}
