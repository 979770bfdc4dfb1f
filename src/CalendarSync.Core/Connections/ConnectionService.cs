using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Connections;

/// <summary>
/// Connecting a staff member's calendar: the consent link (a signed, expiring state; the PKCE verifier kept on our side)
/// and Google's callback (the state checked and used once, the code exchanged, the connection stored, a first sync
/// queued, the push channel opened). A forged, expired, swapped or replayed state stores nothing.
/// </summary>
public sealed class ConnectionService(
    IConnectionStore connections,
    IPendingAuthorizationStore pending,
    OAuthStateSigner signer,
    ICalendarAuthorization authorization,
    ISyncQueue queue,
    PushChannelService channels,
    TimeProvider time,
    TimeSpan stateLifetime)
{
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
    /// one of ours (nothing stored); <see cref="CalendarAuthorizationFailedException"/> when Google refuses the code.
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

        var calendar = await authorization.CompleteConsentAsync(staffId, code, consent.CodeVerifier, cancellationToken);
        var existing = await connections.GetAsync(staffId, cancellationToken);
        var record = new ConnectionRecord
        {
            Connection = new CalendarConnection(
                staffId, calendar.CalendarId, existing?.Connection.Direction ?? SyncDirection.Bidirectional, ConnectionStatus.Active),
            TimeZoneId = calendar.TimeZoneId,
            Email = calendar.CalendarId,
            ConnectedAt = time.GetUtcNow(),
            Channel = existing?.Channel,
            ETag = existing?.ETag,
        };
        var saved = await connections.SaveAsync(record, cancellationToken);
        await queue.EnqueueAsync(new SyncRequest(staffId, SyncReason.Connect, time.GetUtcNow()), delay: null, cancellationToken);
        return ConnectOutcome.Connected(staffId, calendar.CalendarId) with { ChannelFailure = await OpenChannelAsync(saved, cancellationToken) };
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
