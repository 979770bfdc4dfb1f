namespace CalendarSync.Core.Connections;

/// <summary>How a consent ended: connected to a calendar, or declined at Google (<c>access_denied</c> and the like).</summary>
public sealed record ConnectOutcome(string StaffId, bool IsConnected, string? CalendarId, string? GoogleError)
{
    /// <summary>Why the push channel could not be opened; the connection stands, and the sweep opens the channel later.</summary>
    public Exception? ChannelFailure { get; init; }

    public static ConnectOutcome Connected(string staffId, string calendarId) => new(staffId, true, calendarId, null);

    public static ConnectOutcome NotConnected(string staffId, string googleError) => new(staffId, false, null, googleError);
}
