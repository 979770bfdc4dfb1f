using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Connections;

/// <summary>
/// Connecting a staff member's calendar: the consent link (a signed, expiring state; the PKCE verifier kept on our side)
/// and Google's callback (the state checked and used once, the code exchanged, the connection stored, a first sync
/// queued, the push channel opened). A forged, expired, swapped or replayed state stores nothing. A reconnect to another
/// Google account starts the sync afresh on the new calendar; one to the same account keeps its state.
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
    TimeSpan stateLifetime)
{
    private const int LeaseAttempts = 10;
    private static readonly TimeSpan LeaseRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Where to send the staff member to consent; <see cref="DomainValidationException"/> for an invalid staff id.</summary>
    public async Task<Uri> BeginAsync(string? staffId, string? loginHint, CancellationToken cancellationToken)
    {
        var id = ItemId.Validate(staffId, "staff");
        var nonce = OAuthStateSigner.NewNonce();
        var expiresAt = time.GetUtcNow() + stateLifetime;
        var consent = authorization.BeginConsent(signer.Sign(id, nonce, expiresAt), loginHint);
        await pending.SaveAsync(new PendingAuthorization(nonce, id, consent.CodeVerifier, expiresAt), cancellationToken);
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
        if (consent is null || consent.StaffId != staffId)
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
        ConnectionRecord saved;
        try
        {
            var calendar = await authorization.CompleteConsentAsync(staffId, code, consent.CodeVerifier, cancellationToken);
            var existing = await connections.GetAsync(staffId, cancellationToken);
            var sameCalendar = existing?.Connection.CalendarId == calendar.CalendarId;
            if (existing is not null && !sameCalendar)
            {
                // Another Google account: what the sync knew is about a calendar we can no longer reach.
                await reset.ForgetCalendarAsync(staffId, cancellationToken);
            }

            saved = await connections.SaveAsync(new ConnectionRecord
            {
                Connection = new CalendarConnection(
                    staffId, calendar.CalendarId, existing?.Connection.Direction ?? SyncDirection.Bidirectional, ConnectionStatus.Active),
                TimeZoneId = calendar.TimeZoneId,
                Email = calendar.CalendarId,
                ConnectedAt = time.GetUtcNow(),
                Channel = sameCalendar ? existing?.Channel : null,
                ETag = existing?.ETag,
            }, cancellationToken);
        }
        finally
        {
            if (lease is not null)
            {
                await leases.ReleaseAsync(lease, CancellationToken.None);
            }
        }

        // Queued after the lease is free, or the first run would find it taken and wait.
        await queue.EnqueueAsync(new SyncRequest(staffId, SyncReason.Connect, time.GetUtcNow()), delay: null, cancellationToken);
        return ConnectOutcome.Connected(staffId, saved.Connection.CalendarId) with { ChannelFailure = await OpenChannelAsync(saved, cancellationToken) };
    }

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
