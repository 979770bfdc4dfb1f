using CalendarSync.Core.Calendar;
using CalendarSync.Core.Runs;

namespace CalendarSync.Core.Sync;

/// <summary>
/// What a run starts from: the lease it holds, the state it read with that lease (the control row taken at its version,
/// so the state is current), and Google's first page if the quiet check listed it already from that state's token.
/// </summary>
public sealed record SyncStart(SyncLease Lease, SyncState State)
{
    /// <summary>The incremental listing's first page from <see cref="SyncState.GoogleSyncToken"/>, listed by the quiet check.</summary>
    public EventPage? FirstPage { get; init; }

    /// <summary>Google's free/busy for the calendars read as busy times, asked by the quiet check.</summary>
    public IReadOnlyDictionary<string, CalendarBusy>? BusyAnswer { get; init; }

    /// <summary>The connection as the staff member's calendar list has it, read by the quiet check; read by the run when null.</summary>
    internal ListedCalendars? Listed { get; init; }

    /// <summary>The mass-delete brake is off: an operator checked that the deletes are meant.</summary>
    public bool AllowMassDelete { get; init; }
}
