using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

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

    private async Task DisconnectAsync(ConnectionRecord record, bool removeEvents, CancellationToken cancellationToken)
    {
        var staffId = record.StaffId;
        if (record.Channel is { } channel)
        {
            try
            {
                await channels.StopAsync(record.Connection, channel.ChannelId, channel.ResourceId, cancellationToken);
            }
            catch (CalendarException)
            {
                // A channel Google no longer knows, or a grant already revoked: either way it sends nothing more we accept.
            }

            await connections.SetChannelAsync(staffId, null, cancellationToken);
        }

        if (removeEvents)
        {
            await RemoveOurEventsAsync(record.Connection, cancellationToken);
        }

        await authorization.RevokeAsync(staffId, cancellationToken);
        await DisableAsync(staffId, cancellationToken);
    }

    private async Task RemoveOurEventsAsync(CalendarConnection connection, CancellationToken cancellationToken)
    {
        ICalendar calendar;
        try
        {
            calendar = await calendars.OpenAsync(connection, cancellationToken);
        }
        catch (CalendarGrantRevokedException)
        {
            // Without a grant there is no way into the calendar; the events stay, as the staff member revoked access.
            return;
        }

        try
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
        catch (CalendarGrantRevokedException)
        {
            // The grant went between opening and listing (or opening does not refresh): the same as above.
        }
        finally
        {
            (calendar as IDisposable)?.Dispose();
        }
    }

    private async Task DisableAsync(string staffId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await connections.GetAsync(staffId, cancellationToken);
            if (current is null || current.Connection.Status == ConnectionStatus.Disabled)
            {
                return;
            }

            try
            {
                await connections.SaveAsync(current with { Connection = current.Connection with { Status = ConnectionStatus.Disabled } }, cancellationToken);
                return;
            }
            catch (ConnectionChangedException)
            {
                // A run recorded itself meanwhile; read again and disable that version.
            }
        }
    }
}
