namespace CalendarSync.Core.Sync;

/// <summary>Which invitations in a staff member's calendar block time (<c>Sync__InvitationsBlock</c>); declined ones never do.</summary>
public enum InvitationsBlock
{
    /// <summary>Every invitation not declined, answered or not: an invitation nobody looked at still keeps its time free of bookings.</summary>
    Any,

    /// <summary>Only invitations the staff member accepted: one left unanswered or answered "maybe" does not block.</summary>
    Accepted,
}
