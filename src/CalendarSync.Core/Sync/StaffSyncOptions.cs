using System.ComponentModel.DataAnnotations;

namespace CalendarSync.Core.Sync;

/// <summary>The <c>Sync__*</c> settings the engine reads.</summary>
public sealed class StaffSyncOptions
{
    [Range(0, 3650)]
    public int WindowPastDays { get; set; } = 30;

    [Range(1, 3650)]
    public int WindowFutureDays { get; set; } = 365;

    public ConflictPolicy ConflictPolicy { get; set; } = ConflictPolicy.AppointmentDataWins;

    public InvitationsBlock InvitationsBlock { get; set; } = InvitationsBlock.Any;

    /// <summary>A run that would delete more than this share of a staff member's synced items stops instead.</summary>
    [Range(0.0, 1.0)]
    public double MassDeleteMaxShare { get; set; } = 0.5;

    /// <summary>Up to this many deletes in one run never trip the brake, so a small calendar can still lose half its items.</summary>
    [Range(0, int.MaxValue)]
    public int MassDeleteMinimum { get; set; } = 20;

    /// <summary>A run stops between pages after this long and the next run continues; well inside the function's ten-minute limit.</summary>
    public TimeSpan RunTimeBudget { get; set; } = TimeSpan.FromMinutes(4);

    /// <summary>
    /// How long writes to a calendar pause after Google answered "Calendar usage limits exceeded" (403 quotaExceeded),
    /// which leaves the calendar read-only for hours; retrying sooner only prolongs it.
    /// </summary>
    public TimeSpan UsageLimitPause { get; set; } = TimeSpan.FromHours(3);

    /// <summary>IANA zone of business closures' dates.</summary>
    public string BusinessTimeZone { get; set; } = "Europe/Berlin";

    /// <summary>
    /// Items (and events) handled per page: one page is all the run holds in memory. Google's own default listing page
    /// (250): a first sync lists back every event it just pushed, and 50 a page made that a round trip per 50 events.
    /// </summary>
    [Range(1, 2500)]
    public int PageSize { get; set; } = 250;
}
