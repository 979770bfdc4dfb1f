namespace CalendarSync.Core.Sync;

/// <summary>Where one staff member's sync stands on both sides.</summary>
public sealed record SyncState
{
    public required string StaffId { get; init; }

    /// <summary>Google's token for the next incremental listing; null until a full listing of the window finished.</summary>
    public string? GoogleSyncToken { get; init; }

    /// <summary>A listing stopped by the time budget continues from this page.</summary>
    public string? PullPageToken { get; init; }

    /// <summary>The listing being continued is a full one (its sweep is still due).</summary>
    public bool PullIsFull { get; init; }

    /// <summary>Grows with every full listing; an item status not stamped with the current one was not seen in it.</summary>
    public long Epoch { get; init; }

    /// <summary>The local change feed's position: every change up to it has been pushed.</summary>
    public string? LocalWatermark { get; init; }

    /// <summary>The window's far edge when items were last pushed up to it; items it reaches later are pushed when it moves.</summary>
    public DateTimeOffset? WindowEnd { get; init; }

    /// <summary>Google's usage limits were exceeded: no writes to the calendar before this time.</summary>
    public DateTimeOffset? WritesPausedUntil { get; init; }

    /// <summary>
    /// The renderings (<see cref="EventRendering.Fingerprint"/>, one a line) the staff member's events may show; null
    /// for events written before templates existed. More than one while events are re-rendered after a settings change.
    /// </summary>
    public string? RenderedWith { get; init; }

    /// <summary>Where the re-rendering after a settings change goes on: the continuation of the window's items.</summary>
    public string? RerenderContinuation { get; init; }

    /// <summary>When a run last rewrote events for changed settings: the next may only a minute later.</summary>
    public DateTimeOffset? RerenderedAt { get; init; }

    /// <summary>
    /// What Google's free/busy last answered for the calendars read as busy times (<see cref="StaffSync"/>'s fingerprint of
    /// the calendars and their periods), once the blocks matched it; null when there are none. An answer that matches it
    /// changes nothing, so a quiet run writes nothing.
    /// </summary>
    public string? BusyFingerprint { get; init; }

    /// <summary>
    /// The calendar our events are in and <see cref="GoogleSyncToken"/> lists, when not the primary; null: the primary
    /// (<see cref="Domain.CalendarConnection.CalendarId"/>). The connection's write calendar is where they should be.
    /// </summary>
    public string? EventsCalendarId { get; init; }

    /// <summary>
    /// While our events move to the connection's write calendar: every calendar a move has sent them to since they were all
    /// in <see cref="EventsCalendarId"/>, one a line, each saved before the first event goes there; null when no move is
    /// under way. A run that stops halfway, or a write calendar changed again meanwhile, leaves each event in one of these
    /// or in <see cref="EventsCalendarId"/>, where the next run looks for it. Cleared, with <see cref="EventsCalendarId"/>
    /// set to the write calendar, once every event is there.
    /// </summary>
    public string? MovedTo { get; init; }

    /// <summary>The calendars of <see cref="MovedTo"/>.</summary>
    public IReadOnlyList<string> MoveTargets => MovedTo?.Split('\n') ?? [];

    /// <summary>The sync tokens of the other calendars read in full (<see cref="Domain.CalendarConnection.ReadCalendars"/>).</summary>
    public CalendarTokens CalendarTokens { get; init; } = CalendarTokens.None;

    public static SyncState Initial(string staffId) => new() { StaffId = staffId };
}
