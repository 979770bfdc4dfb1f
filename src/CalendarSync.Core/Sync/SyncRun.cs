using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;

namespace CalendarSync.Core.Sync;

/// <summary>One run's working set: what it is syncing, where it stands, and what it did so far.</summary>
internal sealed class SyncRun(
    StaffMember staff, CalendarConnection connection, ICalendar calendar, SyncWindow window, bool allowMassDelete, DateTimeOffset startedAt)
{
    private readonly Dictionary<SkipReason, int> _skipped = [];
    private readonly List<SyncConflict> _conflicts = [];

    public StaffMember Staff { get; } = staff;

    /// <summary>The connection, as the staff member's calendar list has it once the run has read it (<see cref="ListedCalendars"/>).</summary>
    public CalendarConnection Connection { get; set; } = connection;

    /// <summary>The calendars chosen that are not on the staff member's calendar list: their blocks go.</summary>
    public ListedCalendars? Listed { get; set; }

    /// <summary>The staff member's primary calendar, as opened for the run; other calendars are opened on it.</summary>
    public ICalendar Primary { get; } = calendar;

    /// <summary>The calendar our events are in (<see cref="SyncState.EventsCalendarId"/>), listed with the state's sync token.</summary>
    public ICalendar Calendar { get; set; } = calendar;

    public SyncWindow Window { get; } = window;

    public bool AllowMassDelete { get; } = allowMassDelete;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public SyncState State { get; set; } = SyncState.Initial(staff.Id);

    /// <summary>The lease the run holds, at the version its last state write left it.</summary>
    public required SyncLease Lease { get; set; }

    /// <summary>Where the run's writes go: the stores and Google, or a dry run's plan.</summary>
    public required ISyncWrites Writes { get; init; }

    /// <summary>Google's first incremental page, listed by the quiet check; applied instead of listed again, once.</summary>
    public EventPage? FirstPage { get; set; }

    /// <summary>Google's free/busy for the calendars read as busy times, asked by the quiet check; used instead of asked again.</summary>
    public IReadOnlyDictionary<string, CalendarBusy>? BusyAnswer { get; init; }

    public SyncStage Stage { get; set; } = SyncStage.LoadState;

    /// <summary>The epoch statuses written in this run carry; a full listing raises it.</summary>
    public long Epoch { get; set; }

    public bool FullResync { get; set; }

    /// <summary>The epoch was raised at the start of the run for the full listing to come; that listing raises it no more.</summary>
    public bool EpochRaisedForListing { get; set; }

    /// <summary>
    /// Every status of the staff member, kept current by the run's own writes, once the run needed them all (a full listing,
    /// a changed series) or knew there were none (a first sync); null until then, when statuses are read per page.
    /// </summary>
    public Dictionary<ItemKey, ItemSyncStatus>? KnownStatuses { get; set; }

    public bool MovedAppointments { get; set; }

    public int? TrackedItems { get; set; }

    public int DeletesReserved { get; set; }

    public int Created { get; set; }

    public int Updated { get; set; }

    public int Deleted { get; set; }

    public int Imported { get; set; }

    public int BlocksRemoved { get; set; }

    /// <summary>Ids of the events the run's incremental listings named, so far.</summary>
    public HashSet<string> ListedEventIds { get; } = new(StringComparer.Ordinal);

    /// <summary>The recurring events whose instances the run already checked against Google.</summary>
    public HashSet<string> CheckedSeries { get; } = new(StringComparer.Ordinal);

    /// <summary>What the run has to say when it did all it should (how far a re-rendering got); a stop's reason goes first.</summary>
    public string? Note { get; set; }

    /// <summary>Why the run stopped before doing all it should, when not the time budget.</summary>
    public string? StopReason { get; set; }

    public void Skip(SkipReason reason) => _skipped[reason] = _skipped.GetValueOrDefault(reason) + 1;

    public void Conflict(SyncConflict conflict) => _conflicts.Add(conflict);

    public SyncRunResult ToResult(SyncOutcome outcome, TimeSpan duration, string? message = null) => new()
    {
        StaffId = Staff.Id,
        Outcome = outcome,
        StartedAt = StartedAt,
        Duration = duration,
        Created = Created,
        Updated = Updated,
        Deleted = Deleted,
        Imported = Imported,
        BlocksRemoved = BlocksRemoved,
        Conflicts = [.. _conflicts],
        Skipped = new Dictionary<SkipReason, int>(_skipped),
        FullResync = FullResync,
        Message = message ?? Note,
    };
}
