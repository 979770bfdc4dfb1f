namespace CalendarSync.Core.Connections;

/// <summary>
/// A grant Google has just issued for a consent, not yet kept for anyone: the calendar it opens and the refresh token that
/// keeps it open. It prints as its calendar only, so it cannot reach a log by accident.
/// </summary>
public sealed class CalendarGrant(ConnectedCalendar calendar, string refreshToken)
{
    public ConnectedCalendar Calendar { get; } = calendar;

    /// <summary>The secret; it goes to the refresh-token store or back to Google to be revoked, nowhere else.</summary>
    public string RefreshToken { get; } = refreshToken;

    public override string ToString() => $"Grant for calendar {AccountAddress.Mask(Calendar.CalendarId)}";
}
