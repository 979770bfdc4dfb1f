using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Tests.Fakes;

/// <summary>Push channels in memory, with their tokens in clear so a test can send a genuine notification.</summary>
public sealed class FakePushChannels(TimeProvider clock) : IPushChannels
{
    public bool IsEnabled { get; set; } = true;

    /// <summary>Open channels by id: staff id, token, resource id.</summary>
    public Dictionary<string, (string StaffId, string Token, string ResourceId)> Open { get; } = [];

    public List<string> Calls { get; } = [];

    /// <summary>Staff members whose watch fails.</summary>
    public HashSet<string> FailWatchFor { get; } = [];

    public bool StopFails { get; set; }

    public Task<WatchedChannel> WatchAsync(
        CalendarConnection connection, string calendarId, string channelId, string token, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        Calls.Add(calendarId == connection.CalendarId ? $"watch {connection.StaffId}" : $"watch {connection.StaffId} {calendarId}");
        if (FailWatchFor.Contains(connection.StaffId))
        {
            return Task.FromException<WatchedChannel>(new CalendarTransientException("watch failed", null));
        }

        var resourceId = calendarId == connection.CalendarId ? $"resource-{connection.StaffId}" : $"resource-{connection.StaffId}-{calendarId}";
        Open[channelId] = (connection.StaffId, token, resourceId);
        return Task.FromResult(new WatchedChannel(resourceId, clock.GetUtcNow() + timeToLive));
    }

    public Task StopAsync(CalendarConnection connection, string channelId, string resourceId, CancellationToken cancellationToken)
    {
        Calls.Add($"stop {connection.StaffId}");
        if (StopFails)
        {
            return Task.FromException(new CalendarRequestRejectedException("no such channel", null));
        }

        Open.Remove(channelId);
        return Task.CompletedTask;
    }
}
