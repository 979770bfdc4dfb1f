using CalendarSync.Core.Calendar;
using CalendarSync.Google.Sync;
using CalendarSync.Google.Tests.Fakes;
using CalendarSync.Testing;

namespace CalendarSync.Google.Tests.Sync;

/// <summary>Push channels on our Calendar v3 client, against the emulator, which POSTs to a loopback receiver.</summary>
public sealed class GooglePushChannelsTests(EmulatorFixture emulator)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WatchAsync_ThenChange_NotifiesWithOurChannelAndToken()
    {
        using var receiver = new NotificationReceiver();
        using var google = new EmulatorGoogle(emulator.BaseUri);
        google.Options.NotificationUri = receiver.Address;
        var (_, connection) = await google.ConnectAsync(Cancel);
        var channels = new GooglePushChannels(google.OAuth, google.Services, google.Options, google.Clock);

        var watched = await channels.WatchAsync(connection, "channel-1", "secret-token", TimeSpan.FromHours(2), Cancel);
        var handshake = await receiver.NextAsync(Wait);
        var calendar = await google.OpenAsync(connection, Cancel);
        await calendar.WriteAsync([EventWrite.Insert(Event("e1"))], Cancel);
        var change = await receiver.NextAsync(Wait);

        Assert.True(channels.IsEnabled);
        Assert.InRange(watched.Expiration, google.Clock.GetUtcNow().AddHours(2).AddMinutes(-1), google.Clock.GetUtcNow().AddHours(2).AddMinutes(1));
        Assert.NotNull(handshake);
        Assert.Equal("sync", handshake.Value.Headers["X-Goog-Resource-State"]);
        Assert.NotNull(change);
        Assert.Equal("exists", change.Value.Headers["X-Goog-Resource-State"]);
        Assert.Equal("channel-1", change.Value.Headers["X-Goog-Channel-ID"]);
        Assert.Equal("secret-token", change.Value.Headers["X-Goog-Channel-Token"]);
        Assert.Equal(watched.ResourceId, change.Value.Headers["X-Goog-Resource-ID"]);
    }

    [Fact]
    public async Task StopAsync_StopsNotificationsAndRepeatsHarmlessly()
    {
        using var receiver = new NotificationReceiver();
        using var google = new EmulatorGoogle(emulator.BaseUri);
        google.Options.NotificationUri = receiver.Address;
        var (_, connection) = await google.ConnectAsync(Cancel);
        var channels = new GooglePushChannels(google.OAuth, google.Services, google.Options, google.Clock);
        var watched = await channels.WatchAsync(connection, "channel-2", "secret-token", TimeSpan.FromHours(2), Cancel);
        await receiver.NextAsync(Wait);

        await channels.StopAsync(connection, "channel-2", watched.ResourceId, Cancel);
        await channels.StopAsync(connection, "channel-2", watched.ResourceId, Cancel);
        var calendar = await google.OpenAsync(connection, Cancel);
        await calendar.WriteAsync([EventWrite.Insert(Event("e2"))], Cancel);

        Assert.Null(await receiver.NextAsync(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task WatchAsync_WithoutGrant_ThrowsGrantRevoked()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        google.Options.NotificationUri = new Uri("http://127.0.0.1:9/notifications");
        var (_, connection) = await google.ConnectAsync(Cancel);
        google.Vault.Tokens.Clear();
        var channels = new GooglePushChannels(google.OAuth, google.Services, google.Options, google.Clock);

        await Assert.ThrowsAsync<CalendarGrantRevokedException>(
            () => channels.WatchAsync(connection, "channel-3", "secret-token", TimeSpan.FromHours(2), Cancel));
    }

    [Fact]
    public void IsEnabled_WithoutNotificationUri_IsFalse()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);

        Assert.False(new GooglePushChannels(google.OAuth, google.Services, google.Options, google.Clock).IsEnabled);
    }

    private static CalendarEvent Event(string key)
    {
        var start = DateTimeOffset.UtcNow.AddDays(1);
        return new CalendarEvent
        {
            Id = EventIds.For(Core.Domain.ItemKey.Parse($"appointment:{key}")),
            Summary = "Appointment",
            Start = EventDateTime.ForInstant(start, TimeZoneInfo.Utc),
            End = EventDateTime.ForInstant(start.AddHours(1), TimeZoneInfo.Utc),
        };
    }
}
