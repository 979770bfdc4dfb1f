using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using CalendarSync.Azure.Storage;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Azure.Connections;

/// <summary>
/// The <c>Connections</c> table: row key the staff id, partition one of 16 buckets (a hex digit of the id's hash), so the
/// sweep's listing and the runs' status writes spread over partitions. An <c>Enabled</c> column lets the listing filter on
/// the server. Push channels are also found by id through the <c>PushChannels</c> table (partition: the channel id).
/// </summary>
public sealed class TableConnectionStore(StorageTables tables) : IConnectionStore
{
    public async Task<ConnectionRecord?> GetAsync(string staffId, CancellationToken cancellationToken)
    {
        var row = await FindAsync(staffId, cancellationToken);
        return row is null ? null : ToRecord(row);
    }

    public async Task<ConnectionRecord> SaveAsync(ConnectionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var table = await Table(cancellationToken);
        var entity = ToEntity(record);
        try
        {
            var response = record.ETag is null
                ? await table.AddEntityAsync(entity, cancellationToken)
                : await table.UpdateEntityAsync(entity, new ETag(record.ETag), TableUpdateMode.Replace, cancellationToken);
            return record with { ETag = response.Headers.ETag!.Value.ToString() };
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            throw new ConnectionChangedException(
                record.ETag is null
                    ? $"Staff member {record.StaffId} already has a connection."
                    : $"The connection of staff member {record.StaffId} changed (or went) since it was read.", ex);
        }
    }

    public Task<ConnectionPage> ListEnabledAsync(string? continuation, int pageSize, CancellationToken cancellationToken) =>
        ListAsync(TableClient.CreateQueryFilter($"Enabled eq {true}"), continuation, pageSize, cancellationToken);

    public Task<ConnectionPage> ListAllAsync(string? continuation, int pageSize, CancellationToken cancellationToken) =>
        ListAsync(null, continuation, pageSize, cancellationToken);

    public async Task SetChannelAsync(string staffId, PushChannel? channel, CancellationToken cancellationToken)
    {
        var channels = await tables.GetAsync(StorageTables.PushChannels, cancellationToken);
        var before = (await GetAsync(staffId, cancellationToken))?.Channel;

        // The lookup first: a notification that arrives before the connection row names its channel is then found and
        // checked against the row, rather than refused as unknown.
        if (channel is not null)
        {
            await channels.UpsertEntityAsync(
                new TableEntity(TableKeys.Channel(channel.ChannelId), string.Empty) { ["StaffId"] = TableKeys.Staff(staffId) },
                TableUpdateMode.Replace, cancellationToken);
        }

        if (!await UpdateAsync(staffId, record => record with { Channel = channel }, cancellationToken))
        {
            throw new InvalidOperationException($"Staff member {staffId} has no connection to set a channel on.");
        }

        if (before is not null && before.ChannelId != channel?.ChannelId)
        {
            await channels.DeleteEntityAsync(before.ChannelId, string.Empty, ETag.All, cancellationToken);
        }
    }

    public async Task SetOtherChannelsAsync(string staffId, IReadOnlyList<PushChannel> channels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channels);
        var lookups = await tables.GetAsync(StorageTables.PushChannels, cancellationToken);
        var before = (await GetAsync(staffId, cancellationToken))?.OtherChannels ?? [];
        foreach (var channel in channels.Where(c => !before.Any(b => b.ChannelId == c.ChannelId)))
        {
            await lookups.UpsertEntityAsync(
                new TableEntity(TableKeys.Channel(channel.ChannelId), string.Empty) { ["StaffId"] = TableKeys.Staff(staffId) },
                TableUpdateMode.Replace, cancellationToken);
        }

        if (!await UpdateAsync(staffId, record => record with { OtherChannels = channels }, cancellationToken))
        {
            throw new InvalidOperationException($"Staff member {staffId} has no connection to set channels on.");
        }

        foreach (var gone in before.Where(b => !channels.Any(c => c.ChannelId == b.ChannelId)))
        {
            await lookups.DeleteEntityAsync(TableKeys.Channel(gone.ChannelId), string.Empty, ETag.All, cancellationToken);
        }
    }

    public async Task<ConnectionRecord?> FindByChannelAsync(string channelId, CancellationToken cancellationToken)
    {
        var channels = await tables.GetAsync(StorageTables.PushChannels, cancellationToken);
        var lookup = await channels.GetEntityIfExistsAsync<TableEntity>(TableKeys.Channel(channelId), string.Empty, cancellationToken: cancellationToken);
        if (!lookup.HasValue || lookup.Value?.GetString("StaffId") is not { } staffId)
        {
            return null;
        }

        var record = await GetAsync(staffId, cancellationToken);
        return record?.ChannelNamed(channelId) is not null ? record : null;
    }

    private async Task<ConnectionPage> ListAsync(string? filter, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var size = Math.Min(pageSize, 1000);
        var table = await Table(cancellationToken);

        // The service may answer a page with fewer rows than asked (or none) and a continuation; the caller just follows it.
        try
        {
            await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: size, cancellationToken: cancellationToken)
                               .AsPages(FromContinuation(continuation), size))
            {
                return new ConnectionPage([.. page.Values.Select(ToRecord)], ToContinuation(page.ContinuationToken));
            }
        }
        catch (Exception ex) when (continuation is not null && ex is ArgumentException or RequestFailedException { Status: 400 })
        {
            // Wrapped as ours, but not a position the service knows (the SDK or the service refuses it).
            throw new InvalidContinuationException("The continuation is not one this store gave out.", ex);
        }

        return new ConnectionPage([], null);
    }

    // The service's continuation goes out wrapped, and only a wrapped one comes back in: anything else a caller (an HTTP
    // query string) hands us is refused here instead of reaching the service as a query position.
    private const string ContinuationPrefix = "c1.";

    private static string? ToContinuation(string? serviceToken) =>
        serviceToken is null ? null : ContinuationPrefix + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(serviceToken)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? FromContinuation(string? continuation)
    {
        if (string.IsNullOrEmpty(continuation))
        {
            return null;
        }

        if (!continuation.StartsWith(ContinuationPrefix, StringComparison.Ordinal) || continuation.Length > 2048)
        {
            throw new InvalidContinuationException("The continuation is not one this store gave out.");
        }

        var encoded = continuation[ContinuationPrefix.Length..].Replace('-', '+').Replace('_', '/');
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(encoded.PadRight(encoded.Length + ((4 - (encoded.Length % 4)) % 4), '=')));
        }
        catch (FormatException ex)
        {
            throw new InvalidContinuationException("The continuation is not one this store gave out.", ex);
        }
    }

    private const int MaxAttempts = 10;

    /// <summary>Read, change, write at the read ETag; again if another writer got in between. False if there is no connection.</summary>
    private async Task<bool> UpdateAsync(string staffId, Func<ConnectionRecord, ConnectionRecord> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await GetAsync(staffId, cancellationToken);
            if (current is null)
            {
                return false;
            }

            try
            {
                await SaveAsync(change(current), cancellationToken);
                return true;
            }
            catch (ConnectionChangedException) when (attempt < MaxAttempts)
            {
            }
        }
    }

    private async Task<TableEntity?> FindAsync(string staffId, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.ConnectionBucket(staffId), TableKeys.Staff(staffId),
            cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    private Task<TableClient> Table(CancellationToken cancellationToken) => tables.GetAsync(StorageTables.Connections, cancellationToken);

    /// <summary>The row of a connection; tests write many in batches with it.</summary>
    internal static TableEntity ToEntity(ConnectionRecord record)
    {
        var connection = record.Connection;
        return new TableEntity(TableKeys.ConnectionBucket(connection.StaffId), TableKeys.Staff(connection.StaffId))
        {
            ["Provider"] = connection.Provider,
            ["CalendarId"] = connection.CalendarId,
            ["Direction"] = connection.Direction.ToString(),
            ["BusyCalendars"] = connection.BusyCalendars.IsEmpty ? null : connection.BusyCalendars.ToString(),
            ["ReadCalendars"] = connection.ReadCalendars.IsEmpty ? null : connection.ReadCalendars.ToString(),
            ["WriteCalendarId"] = connection.WriteCalendarId,
            ["CreateWriteCalendar"] = connection.CreateWriteCalendar,
            ["Status"] = connection.Status.ToString(),
            ["Enabled"] = record.IsEnabled,
            ["LastSyncAt"] = connection.LastSyncAt,
            ["LastOutcome"] = connection.LastOutcome?.ToString(),
            ["TimeZoneId"] = record.TimeZoneId,
            ["Email"] = record.Email,
            ["ConnectedAt"] = record.ConnectedAt == default ? null : record.ConnectedAt,
            ["LastRunWrites"] = record.LastRunWrites,
            ["LastMessage"] = record.LastMessage is { Length: > 2000 } message ? message[..2000] : record.LastMessage,
            ["ChannelId"] = record.Channel?.ChannelId,
            ["ChannelTokenHash"] = record.Channel?.TokenHash,
            ["ChannelResourceId"] = record.Channel?.ResourceId,
            ["ChannelExpiration"] = record.Channel?.Expiration,
            ["KnownConflicts"] = record.KnownConflicts,
            ["OtherChannels"] = record.OtherChannels.Count == 0 ? null : JsonSerializer.Serialize(record.OtherChannels.Select(StoredChannel.Of), StoredChannel.Options),
        };
    }

    private static ConnectionRecord ToRecord(TableEntity row) => new()
    {
        Connection = new CalendarConnection(
            row.RowKey,
            row.GetString("CalendarId"),
            Enum.Parse<SyncDirection>(row.GetString("Direction")),
            Enum.Parse<ConnectionStatus>(row.GetString("Status")),
            row.GetString("Provider"))
        {
            LastSyncAt = row.GetDateTimeOffset("LastSyncAt"),
            LastOutcome = row.GetString("LastOutcome") is { } outcome ? Enum.Parse<SyncOutcome>(outcome) : null,
            BusyCalendars = OtherCalendars.Parse(row.GetString("BusyCalendars"), row.GetString("CalendarId")),
            ReadCalendars = OtherCalendars.Parse(row.GetString("ReadCalendars"), row.GetString("CalendarId")),
            WriteCalendarId = row.GetString("WriteCalendarId"),
            CreateWriteCalendar = row.GetString("CreateWriteCalendar"),
        },
        TimeZoneId = row.GetString("TimeZoneId"),
        Email = row.GetString("Email"),
        ConnectedAt = row.GetDateTimeOffset("ConnectedAt") ?? default,
        LastRunWrites = row.GetInt32("LastRunWrites") ?? 0,
        LastMessage = row.GetString("LastMessage"),
        KnownConflicts = row.GetString("KnownConflicts"),
        Channel = row.GetString("ChannelId") is { } channelId
            ? new PushChannel(channelId, row.GetString("ChannelTokenHash"), row.GetString("ChannelResourceId"),
                row.GetDateTimeOffset("ChannelExpiration") ?? default)
            : null,
        OtherChannels = row.GetString("OtherChannels") is { Length: > 0 } others
            ? [.. JsonSerializer.Deserialize<StoredChannel[]>(others, StoredChannel.Options)!.Select(stored => stored.ToChannel())]
            : [],
        ETag = row.ETag.ToString(),
    };

    /// <summary>A channel on another calendar as the row's <c>OtherChannels</c> holds it (JSON, names kept short).</summary>
    private sealed record StoredChannel(string Calendar, string Id, string TokenHash, string ResourceId, DateTimeOffset Expiration)
    {
        public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

        public static StoredChannel Of(PushChannel channel) =>
            new(channel.CalendarId!, channel.ChannelId, channel.TokenHash, channel.ResourceId, channel.Expiration);

        public PushChannel ToChannel() => new(Id, TokenHash, ResourceId, Expiration) { CalendarId = Calendar };
    }
}
