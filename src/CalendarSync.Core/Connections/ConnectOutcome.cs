namespace CalendarSync.Core.Connections;

/// <summary>
/// How a consent ended: connected to a calendar, declined at Google (<c>access_denied</c> and the like), or given by
/// another Google account than the one the link was for (nothing stored, the grant revoked).
/// </summary>
public sealed record ConnectOutcome(string StaffId, ConnectResult Result, string? CalendarId, string? GoogleError)
{
    /// <summary>Why the push channel could not be opened; the connection stands, and the sweep opens the channel later.</summary>
    public Exception? ChannelFailure { get; init; }

    /// <summary>With <see cref="ConnectResult.WrongAccount"/>: the account the link was for, masked for the page and the log.</summary>
    public string? ExpectedAccountMasked { get; init; }

    /// <summary>With <see cref="ConnectResult.WrongAccount"/>: whether the grant the wrong account gave was revoked.</summary>
    public bool GrantRevoked { get; init; }

    /// <summary>The title of the write calendar the staff member asked for, created with this connect's grant.</summary>
    public string? WriteCalendarCreated { get; init; }

    /// <summary>The title of the write calendar the staff member asked for, still not created (the grant does not allow it).</summary>
    public string? WriteCalendarAwaited { get; init; }

    public bool IsConnected => Result == ConnectResult.Connected;

    public static ConnectOutcome Connected(string staffId, string calendarId) => new(staffId, ConnectResult.Connected, calendarId, null);

    public static ConnectOutcome NotConnected(string staffId, string googleError) => new(staffId, ConnectResult.Declined, null, googleError);

    public static ConnectOutcome WrongAccount(string staffId, string expectedAccount, bool grantRevoked) =>
        new(staffId, ConnectResult.WrongAccount, null, null)
        {
            ExpectedAccountMasked = AccountAddress.Mask(expectedAccount),
            GrantRevoked = grantRevoked,
        };
}
