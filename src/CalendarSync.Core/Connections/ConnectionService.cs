using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Connections;

/// <summary>
/// Connecting a staff member's calendar. The appointment system asks for a connect link for a staff member and the Google
/// account they are to connect (<see cref="CreateLinkAsync"/>); the link is signed, expires and works once. Opening it
/// starts the consent (<see cref="StartConsentAsync"/>: a signed, expiring state; the PKCE verifier kept on our side), and
/// Google's callback completes it (<see cref="CompleteAsync"/>): the state checked and used once, the code exchanged, the
/// account checked against the expected one, then the grant and the connection stored, a first sync queued, the push
/// channel opened. A forged, expired, swapped or replayed link or state stores nothing; so does a consent given by
/// another Google account, whose grant is revoked.
/// </summary>
public sealed class ConnectionService(
    IConnectionStore connections,
    IPendingAuthorizationStore pending,
    OAuthStateSigner signer,
    ICalendarAuthorization authorization,
    ISyncQueue queue,
    PushChannelService channels,
    ISyncLease leases,
    SyncStateReset reset,
    SyncProcessorOptions syncOptions,
    TimeProvider time,
    ConnectLinkOptions links,
    DisconnectService disconnects,
    CalendarChoice calendarChoice)
{
    private const int LeaseAttempts = 10;
    private const int ConnectionPageSize = 1000;
    private static readonly TimeSpan LeaseRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A connect link for <paramref name="staffId"/>'s Google account <paramref name="email"/>. A staff member connected
    /// before is expected to connect the same account again (<paramref name="email"/> may then be left out); another
    /// account is an <see cref="AccountConflictException"/>. <see cref="DomainValidationException"/> for an invalid id or
    /// address, or a first connect without one.
    /// </summary>
    public async Task<ConnectLink> CreateLinkAsync(string? staffId, string? email, CancellationToken cancellationToken)
    {
        var id = ItemId.Validate(staffId, "staff");
        var requested = email is null ? null : AccountAddress.Validate(email);
        var existing = await connections.GetAsync(id, cancellationToken);
        if (existing is not null && requested is not null && !AccountAddress.Same(existing.Email, requested))
        {
            throw new AccountConflictException(
                $"Staff member {id} is connected to the Google account {AccountAddress.Mask(existing.Email)}; moving them to another account is an operator's explicit action.");
        }

        var expected = existing?.Email ?? requested
            ?? throw new DomainValidationException("email", "email is required: the Google account the staff member is to connect.");
        var nonce = OAuthStateSigner.NewNonce();
        var expiresAt = time.GetUtcNow() + links.LinkLifetime;
        await pending.SaveAsync(new PendingAuthorization(nonce, id, expected, CodeVerifier: null, expiresAt), cancellationToken);
        var token = signer.Sign(id, nonce, expiresAt, OAuthStatePurpose.ConnectLink);
        return new ConnectLink(new UriBuilder(links.ConnectUri) { Query = "link=" + Uri.EscapeDataString(token) }.Uri, expiresAt);
    }

    /// <summary>
    /// Moves a staff member to another Google account, an operator's explicit action: the old account is disconnected
    /// (<see cref="DisconnectService.MoveAsync"/>), and the answer carries a connect link for the new one. No link when the
    /// staff member has no connection or a sync of theirs is running (nothing changed then).
    /// </summary>
    public async Task<(DisconnectOutcome Outcome, ConnectLink? Link)> MoveAsync(
        string staffId, string? account, bool removeEvents, CancellationToken cancellationToken)
    {
        var outcome = await disconnects.MoveAsync(staffId, account, removeEvents, cancellationToken);
        return outcome == DisconnectOutcome.Disconnected
            ? (outcome, await CreateLinkAsync(staffId, account, cancellationToken))
            : (outcome, null);
    }

    /// <summary>
    /// The connect link's staff member and expected account, while the link can still be used; it stays unused, so a
    /// page can ask the staff member to continue (a mail scanner that follows links does not use it up).
    /// <see cref="OAuthStateRejectedException"/> for a link that is not a live one of ours.
    /// </summary>
    public async Task<PendingAuthorization> ReadLinkAsync(string? link, CancellationToken cancellationToken)
    {
        var (staffId, nonce) = signer.Verify(link, time.GetUtcNow(), OAuthStatePurpose.ConnectLink);
        var opened = await pending.GetAsync(nonce, cancellationToken);
        return opened is { IsLink: true } && opened.StaffId == staffId ? opened : throw LinkUsed();
    }

    /// <summary>
    /// Uses up a connect link and answers where to send the staff member to consent, with their expected account
    /// preselected. <see cref="OAuthStateRejectedException"/> for a link that is not a live one of ours.
    /// </summary>
    public async Task<Uri> StartConsentAsync(string? link, CancellationToken cancellationToken)
    {
        var (staffId, linkNonce) = signer.Verify(link, time.GetUtcNow(), OAuthStatePurpose.ConnectLink);
        var opened = await pending.TryConsumeAsync(linkNonce, cancellationToken);
        if (opened is not { IsLink: true } || opened.StaffId != staffId)
        {
            throw LinkUsed();
        }

        var nonce = OAuthStateSigner.NewNonce();
        var expiresAt = time.GetUtcNow() + links.ConsentLifetime;
        // Free/busy is asked for only once the staff member chose calendars read as busy times, creating a calendar only
        // while one they asked for awaits their consent.
        var existing = (await connections.GetAsync(staffId, cancellationToken))?.Connection;
        var consent = authorization.BeginConsent(
            signer.Sign(staffId, nonce, expiresAt),
            opened.ExpectedAccount,
            readsBusyTimes: existing is { BusyCalendars.IsEmpty: false },
            createsCalendar: existing?.CreateWriteCalendar is not null);
        await pending.SaveAsync(new PendingAuthorization(nonce, staffId, opened.ExpectedAccount, consent.CodeVerifier, expiresAt), cancellationToken);
        return consent.ConsentUrl;
    }

    /// <summary>
    /// Completes a consent from Google's redirect. <see cref="OAuthStateRejectedException"/> when the state is not a live
    /// one of ours (nothing stored); <see cref="CalendarAuthorizationFailedException"/> when Google refuses the code;
    /// <see cref="SyncRunningException"/> when a sync of the staff member outlasts the reconnect's wait (nothing changed).
    /// </summary>
    public async Task<ConnectOutcome> CompleteAsync(string? state, string? code, string? error, CancellationToken cancellationToken)
    {
        var (staffId, nonce) = signer.Verify(state, time.GetUtcNow());

        // Used once, whatever comes next: a replayed or second callback finds nothing.
        var consent = await pending.TryConsumeAsync(nonce, cancellationToken);
        if (consent is not { IsLink: false, CodeVerifier: { } codeVerifier } || consent.StaffId != staffId)
        {
            throw new OAuthStateRejectedException("This sign-in link was used already. Start connecting the calendar again.");
        }

        if (!string.IsNullOrEmpty(error))
        {
            return ConnectOutcome.NotConnected(staffId, error);
        }

        if (string.IsNullOrWhiteSpace(code))
        {
            throw new OAuthStateRejectedException("Google's answer carried no authorization code. Start connecting the calendar again.");
        }

        // A reconnect must not run beside a sync of the old connection: that run could write the old calendar's state
        // after the reset below. A first connect has no runs to wait for.
        var lease = await connections.GetAsync(staffId, cancellationToken) is null ? null : await WaitForLeaseAsync(staffId, cancellationToken);
        try
        {
            // Nothing is kept until the account is checked, so a failure up to there leaves the old grant and connection.
            var grant = await authorization.ExchangeCodeAsync(code, codeVerifier, cancellationToken);
            var existing = await connections.GetAsync(staffId, cancellationToken);

            // The account must be the link's, and the link's must still be the connection's: an operator may have moved
            // the staff member to another account since the link was issued.
            var expected = existing?.Email ?? consent.ExpectedAccount;
            if (!AccountAddress.Same(grant.Calendar.CalendarId, consent.ExpectedAccount) || !AccountAddress.Same(expected, consent.ExpectedAccount))
            {
                return await RefuseAsync(staffId, grant, expected, cancellationToken);
            }

            var sameCalendar = existing?.Connection.CalendarId == grant.Calendar.CalendarId;

            // The grant before the row: whatever fails between, the stored grant and the row are of the one account
            // checked above. A reconnect of the same account is the same grant at Google; revoking the token it replaces
            // would revoke the new one with it, so the old token is only overwritten.
            await authorization.KeepAsync(staffId, grant, cancellationToken);
            if (existing is not null && !sameCalendar)
            {
                // Another calendar (after an operator's move): what the sync knew is about one we can no longer reach.
                lease = await reset.ForgetCalendarAsync(lease ?? await WaitForLeaseAsync(staffId, cancellationToken), cancellationToken);
            }

            var saved = await SaveConnectionAsync(staffId, grant, existing, sameCalendar, cancellationToken);

            // Queued once the lease is free (below), or the first run would find it taken and wait.
            lease = await ReleaseAsync(lease);
            var awaited = saved.Connection.CreateWriteCalendar;
            var created = awaited is not null && await CreateAwaitedCalendarAsync(staffId, cancellationToken);

            await queue.EnqueueAsync(new SyncRequest(staffId, SyncReason.Connect, time.GetUtcNow()), delay: null, cancellationToken);
            return ConnectOutcome.Connected(staffId, saved.Connection.CalendarId) with
            {
                ChannelFailure = await OpenChannelAsync(saved, cancellationToken),
                WriteCalendarCreated = created ? awaited : null,
                WriteCalendarAwaited = created ? null : awaited,
            };
        }
        finally
        {
            await ReleaseAsync(lease);
        }
    }

    /// <summary>
    /// Saves the reconnected connection over the one read (<paramref name="existing"/>), at its ETag. A run that ended
    /// just before the reconnect took the lease records itself on the connection after giving the lease back, so the row
    /// may have moved on since it was read: it is read again and the save made over that (the choices it carries are the
    /// same; only the run's record differs).
    /// </summary>
    private async Task<ConnectionRecord> SaveConnectionAsync(
        string staffId, CalendarGrant grant, ConnectionRecord? existing, bool sameCalendar, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await connections.SaveAsync(new ConnectionRecord
                {
                    Connection = new CalendarConnection(
                        staffId, grant.Calendar.CalendarId, existing?.Connection.Direction ?? SyncDirection.Bidirectional, ConnectionStatus.Active)
                    {
                        // The staff member's choice of calendars stays across a reconnect of the same account.
                        BusyCalendars = sameCalendar ? existing!.Connection.BusyCalendars : OtherCalendars.None,
                        ReadCalendars = sameCalendar ? existing!.Connection.ReadCalendars : OtherCalendars.None,
                        WriteCalendarId = sameCalendar ? existing!.Connection.WriteCalendarId : null,
                        CreateWriteCalendar = sameCalendar ? existing!.Connection.CreateWriteCalendar : null,
                    },
                    TimeZoneId = grant.Calendar.TimeZoneId,
                    Email = grant.Calendar.CalendarId,
                    ConnectedAt = time.GetUtcNow(),
                    Channel = sameCalendar ? existing?.Channel : null,
                    OtherChannels = sameCalendar ? existing!.OtherChannels : [],
                    ETag = existing?.ETag,
                }, cancellationToken);
            }
            catch (ConnectionChangedException) when (attempt < MaxSaveAttempts)
            {
                existing = await connections.GetAsync(staffId, cancellationToken);
                sameCalendar = sameCalendar && existing is not null;
            }
        }
    }

    /// <summary>Tries of the reconnect's save against the connection's last run record; more would mean something else writes it.</summary>
    private const int MaxSaveAttempts = 5;

    // The calendar the staff member asked for before their grant allowed it, created with the new grant before the first
    // sync, which then writes there. Refused again (the permission left unticked on Google's page), the wish stays for the
    // next connect; a failure does not undo the connect either.
    private async Task<bool> CreateAwaitedCalendarAsync(string staffId, CancellationToken cancellationToken)
    {
        try
        {
            return await calendarChoice.CreateAwaitedAsync(staffId, cancellationToken);
        }
        catch (Exception ex) when (ex is CalendarException or DomainValidationException)
        {
            // The wish stays on the connection, where the status and the operator page show it: refused again by Google,
            // or the calendar found again was chosen to be read as busy times only meanwhile.
            return false;
        }
    }

    // The wrong account's grant is revoked, unless that account is connected for another staff member: Google revokes
    // an account's whole grant to us, and a colleague who opened the wrong link would lose their own sync.
    private async Task<ConnectOutcome> RefuseAsync(string staffId, CalendarGrant grant, string expected, CancellationToken cancellationToken)
    {
        var revoke = !await IsConnectedAsync(grant.Calendar.CalendarId, cancellationToken);
        if (revoke)
        {
            await authorization.RevokeAsync(grant, cancellationToken);
        }

        return ConnectOutcome.WrongAccount(staffId, expected, revoke);
    }

    // A rare path (a consent by the wrong account), so a walk through the connections is affordable.
    private async Task<bool> IsConnectedAsync(string account, CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var page = await connections.ListEnabledAsync(continuation, ConnectionPageSize, cancellationToken);
            if (page.Items.Any(record => AccountAddress.Same(record.Email, account)))
            {
                return true;
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);

        return false;
    }

    private async Task<SyncLease?> ReleaseAsync(SyncLease? lease)
    {
        if (lease is not null)
        {
            await leases.ReleaseAsync(lease, CancellationToken.None);
        }

        return null;
    }

    private static OAuthStateRejectedException LinkUsed() =>
        new("This connect link was used already. Ask the appointment system for a new one.");

    // Runs take seconds; the staff member is waiting on the callback's page, so the wait is short.
    private async Task<SyncLease> WaitForLeaseAsync(string staffId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await leases.TryAcquireAsync(staffId, syncOptions.LeaseDuration, cancellationToken) is { } lease)
            {
                return lease;
            }

            if (attempt == LeaseAttempts - 1)
            {
                throw new SyncRunningException();
            }

            await Task.Delay(LeaseRetryDelay, time, cancellationToken);
        }
    }

    // Changes the staff member makes in Google from now on reach us within seconds, not at the next renewal by the sweep.
    // A failure does not undo the connect: the sweep opens a channel for every connection without one.
    private async Task<CalendarException?> OpenChannelAsync(ConnectionRecord record, CancellationToken cancellationToken)
    {
        if (!channels.IsEnabled)
        {
            return null;
        }

        try
        {
            await channels.OpenAsync(record, cancellationToken);
            return null;
        }
        catch (CalendarException ex)
        {
            return ex;
        }
    }
}
