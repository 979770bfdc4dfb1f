namespace CalendarSync.Core.Runs;

/// <summary>Why a sync was asked for.</summary>
public enum SyncReason
{
    /// <summary>The timer's sweep.</summary>
    Schedule,

    /// <summary>The appointment system or an operator asked (<c>POST /api/calendar/sync</c>, <c>?sync=now</c>).</summary>
    Manual,

    /// <summary>A Google push notification said the calendar changed.</summary>
    Push,

    /// <summary>The staff member just connected.</summary>
    Connect,
}
