using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;

namespace CalendarSync.Core.Connections;

/// <summary>
/// Ends a staff member's connection: stops its channel, optionally deletes our events, revokes the grant, disables it.
/// It holds the staff member's sync lease meanwhile, so it never races a run (which could write events, or a status,
/// after the disconnect had removed them).
/// </summary>
public sealed class DisconnectService(
    IConnectionStore connections,
    IPushChannels channels,
    ICalendarProvider calendars,
    ICalendarAuthorization authorization,
    ISyncLease leases,
    SyncProcessorOptions options)
{
    /// <summary>Repeating a disconnect does no harm; while a sync of the staff member runs it changes nothing.</summary>
    public async Task<DisconnectOutcome> DisconnectAsync(string staffId, bool removeEvents, CancellationToken cancellationToken)
    {
        if (!ItemId.IsValid(staffId) || await connections.GetAsync(staffId, cancellationToken) is null)
        {
            return DisconnectOutcome.NotFound;
        }

        var lease = await leases.TryAcquireAsync(staffId, options.LeaseDuration, cancellationToken);
        if (lease is null)
        {
            return DisconnectOutcome.SyncRunning;
        }

        try
        {
            // Read under the lease: the run that just finished may have changed it.
            var record = await connections.GetAsync(staffId, cancellationToken);
            if (record is not null)
            {
                await DisconnectAsync(record, removeEvents, cancellationToken);
            }

            return DisconnectOutcome.Disconnected;
        }
        finally
        {
            await leases.ReleaseAsync(lease, CancellationToken.None);
        }
    }

    /// <summary>
    /// Moves a staff member to another Google account, an operator's explicit action: the old account is disconnected
    /// as <see cref="DisconnectAsync(string, bool, CancellationToken)"/> does (its grant revoked), and the connection
    /// then expects <paramref name="account"/>, so the next connect link is for it. <see cref="DomainValidationException"/>
    /// for an invalid address or the account already connected.
    /// </summary>
    public async Task<DisconnectOutcome> MoveAsync(string staffId, string? account, bool removeEvents, CancellationToken cancellationToken)
    {
        var address = AccountAddress.Validate(account);
        if (!ItemId.IsValid(staffId) || await connections.GetAsync(staffId, cancellationToken) is not { } found)
        {
            return DisconnectOutcome.NotFound;
        }

        if (AccountAddress.Same(found.Email, address))
        {
            throw new DomainValidationException("email", $"Staff member {staffId} is connected to that account already; a connect link reconnects them.");
        }

        var lease = await leases.TryAcquireAsync(staffId, options.LeaseDuration, cancellationToken);
        if (lease is null)
        {
            return DisconnectOutcome.SyncRunning;
        }

        try
        {
            if (await connections.GetAsync(staffId, cancellationToken) is { } record)
            {
                await DisconnectAsync(record, removeEvents, cancellationToken, address);
            }

            return DisconnectOutcome.Disconnected;
        }
        finally
        {
            await leases.ReleaseAsync(lease, CancellationToken.None);
        }
    }

    private async Task DisconnectAsync(ConnectionRecord record, bool removeEvents, CancellationToken cancellationToken, string? nextAccount = null)
    {
        var staffId = record.StaffId;
        foreach (var channel in record.OtherChannels.Prepend(record.Channel).OfType<PushChannel>())
        {
            try
            {
                await channels.StopAsync(record.Connection, channel.ChannelId, channel.ResourceId, cancellationToken);
            }
            catch (CalendarException)
            {
                // A channel Google no longer knows, or a grant already revoked: either way it sends nothing more we accept.
            }
        }

        if (record.Channel is not null)
        {
            await connections.SetChannelAsync(staffId, null, cancellationToken);
        }

        if (record.OtherChannels.Count > 0)
        {
            await connections.SetOtherChannelsAsync(staffId, [], cancellationToken);
        }

        if (removeEvents)
        {
            await RemoveOurEventsAsync(record.Connection, cancellationToken);
        }

        await authorization.RevokeAsync(staffId, cancellationToken);
        await DisableAsync(staffId, nextAccount, cancellationToken);
    }

    /// <summary>Our events go from the primary and the write calendar (both, should a move to it be under way).</summary>
    private async Task RemoveOurEventsAsync(CalendarConnection connection, CancellationToken cancellationToken)
    {
        ICalendar primary;
        try
        {
            primary = await calendars.OpenAsync(connection, cancellationToken);
        }
        catch (CalendarGrantRevokedException)
        {
            // Without a grant there is no way into the calendar; the events stay, as the staff member revoked access.
            return;
        }

        try
        {
            foreach (var calendarId in new[] { connection.CalendarId, connection.WriteCalendar }.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                try
                {
                    await RemoveOurEventsAsync(primary.OnCalendar(calendarId), cancellationToken);
                }
                catch (CalendarNotFoundException)
                {
                    // A write calendar deleted in Google took our events with it.
                }
            }
        }
        catch (CalendarGrantRevokedException)
        {
            // The grant went between opening and listing (or opening does not refresh): the same as above.
        }
        finally
        {
            (primary as IDisposable)?.Dispose();
        }
    }

    private static async Task RemoveOurEventsAsync(ICalendar calendar, CancellationToken cancellationToken)
    {
        var ours = new List<string>();
        string? pageToken = null;
        do
        {
            var page = await calendar.ListEventsAsync(new EventListRequest { PageToken = pageToken, SingleEvents = false }, cancellationToken);
            ours.AddRange(page.Items
                .Where(e => e.Status != EventStatus.Cancelled && e.PrivateProperties.ContainsKey(EventIds.KeyProperty))
                .Select(e => e.Id));
            pageToken = page.NextPageToken;
        }
        while (pageToken is not null);

        foreach (var chunk in ours.Chunk(ICalendar.MaxWritesPerCall))
        {
            var results = await calendar.WriteAsync(chunk.Select(EventWrite.Delete).ToArray(), cancellationToken);
            if (results.FirstOrDefault(r => r.Outcome == EventWriteOutcome.Failed) is { Error: { } error })
            {
                throw error;
            }
        }
    }

    // Disabled, and expecting the next account when the staff member moves to one.
    private async Task DisableAsync(string staffId, string? nextAccount, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await connections.GetAsync(staffId, cancellationToken);
            if (current is null || current.Connection.Status == ConnectionStatus.Disabled && (nextAccount is null || current.Email == nextAccount))
            {
                return;
            }

            try
            {
                await connections.SaveAsync(
                    current with
                    {
                        Connection = current.Connection with { Status = ConnectionStatus.Disabled },
                        Email = nextAccount ?? current.Email,
                    },
                    cancellationToken);
                return;
            }
            catch (ConnectionChangedException)
            {
                // A run recorded itself meanwhile; read again and disable that version.
            }
        }
    }
}
