namespace CalendarSync.Core.Sync;

public enum SyncOutcome
{
    Succeeded,

    /// <summary>The time budget ran out; the next run continues where this one stopped.</summary>
    Partial,

    /// <summary>The run would have deleted more than the allowed share of the items, and stopped instead.</summary>
    MassDeleteBlocked,

    /// <summary>Google revoked the grant; the connection needs the staff member to reconnect.</summary>
    ReauthRequired,

    /// <summary>The grant cannot write to this calendar.</summary>
    CalendarNotWritable,

    /// <summary>
    /// Google's usage limits for the calendar are exceeded: writes to it pause (<see cref="StaffSyncOptions.UsageLimitPause"/>);
    /// Google's changes are still pulled meanwhile.
    /// </summary>
    UsageLimited,

    /// <summary>The run failed (a transient error, or a bug); it is retried.</summary>
    Failed,
}
