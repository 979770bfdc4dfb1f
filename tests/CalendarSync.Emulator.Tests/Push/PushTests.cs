using System.Globalization;
using System.Net;
using CalendarSync.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Emulator.Tests.Push;

public sealed class PushTests(EmulatorFixture emulator)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Watch_ThenChange_PostsSyncThenExistsWithGoogleHeaders()
    {
        using var receiver = new NotificationReceiver();
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var channel = await caller.SendAsync(HttpMethod.Post, $"{CalendarCaller.Events}/watch", new
        {
            id = "channel-1", token = "verify-me", type = "web_hook", address = receiver.Address.ToString(),
        });
        var sync = await receiver.NextAsync(Wait);
        await caller.InsertAsync(CalendarCaller.Timed(null, "2026-05-04T10:00:00", "2026-05-04T11:00:00"));
        var exists = await receiver.NextAsync(Wait);

        Assert.Equal("api#channel", channel.Text("kind"));
        Assert.Equal("channel-1", channel.Text("id"));
        Assert.True(long.Parse(channel.Text("expiration"), CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.NotNull(sync);
        Assert.Equal("sync", sync.Value.Headers["X-Goog-Resource-State"]);
        Assert.Equal("1", sync.Value.Headers["X-Goog-Message-Number"]);
        Assert.Equal("channel-1", sync.Value.Headers["X-Goog-Channel-ID"]);
        Assert.Equal("verify-me", sync.Value.Headers["X-Goog-Channel-Token"]);
        Assert.Equal(channel.Text("resourceId"), sync.Value.Headers["X-Goog-Resource-ID"]);
        Assert.Equal(0, sync.Value.BodyLength);
        Assert.NotNull(exists);
        Assert.Equal("exists", exists.Value.Headers["X-Goog-Resource-State"]);
        Assert.Equal("2", exists.Value.Headers["X-Goog-Message-Number"]);
        Assert.Equal(channel.Text("resourceUri"), exists.Value.Headers["X-Goog-Resource-URI"]);
    }

    [Fact]
    public async Task DelayNotificationFault_DeliversThatNotificationLaterAndTheNextBehindIt()
    {
        await using var host = await EmulatorHost.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var receiver = new NotificationReceiver();
        using var caller = await CalendarCaller.ForNewUserAsync(host.BaseUri);
        await caller.SendAsync(HttpMethod.Post, $"{CalendarCaller.Events}/watch", new { id = "channel-late", type = "web_hook", address = receiver.Address.ToString() });
        await receiver.NextAsync(Wait);
        await Admin.AdminCaller.FaultAsync(host.BaseUri, new { kind = "delayNotification", latencyMs = 1500, count = 1 });

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await caller.InsertAsync(CalendarCaller.Timed(null, "2026-05-04T10:00:00", "2026-05-04T11:00:00"));
        await caller.InsertAsync(CalendarCaller.Timed(null, "2026-05-05T10:00:00", "2026-05-05T11:00:00"));
        var early = await receiver.NextAsync(TimeSpan.FromMilliseconds(1000));
        var late = await receiver.NextAsync(Wait);
        var next = await receiver.NextAsync(Wait);

        Assert.Null(early);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(1400), $"The delayed notification came after {clock.Elapsed}.");
        Assert.Equal(("2", "3"), (late?.Headers["X-Goog-Message-Number"], next?.Headers["X-Goog-Message-Number"]));
    }

    [Fact]
    public async Task ChannelsStop_WithoutResourceId_Returns400Required()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.SendAsync(HttpMethod.Post, $"{CalendarCaller.Events}/watch", new { id = "channel-half", type = "web_hook", address = "http://127.0.0.1:9/hook" });

        var stopped = await caller.SendAsync(HttpMethod.Post, "calendar/v3/channels/stop", new { id = "channel-half" });

        Assert.Equal((HttpStatusCode.BadRequest, "required"), (stopped.Status, stopped.Reason));
    }

    [Fact]
    public async Task ChannelsStop_EndsNotifications()
    {
        using var receiver = new NotificationReceiver();
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var channel = await caller.SendAsync(HttpMethod.Post, $"{CalendarCaller.Events}/watch", new
        {
            id = "channel-2", type = "web_hook", address = receiver.Address.ToString(),
        });
        await receiver.NextAsync(Wait);

        var stopped = await caller.SendAsync(HttpMethod.Post, "calendar/v3/channels/stop", new { id = "channel-2", resourceId = channel.Text("resourceId") });
        var again = await caller.SendAsync(HttpMethod.Post, "calendar/v3/channels/stop", new { id = "channel-2", resourceId = channel.Text("resourceId") });
        await caller.InsertAsync(CalendarCaller.Timed(null, "2026-05-04T10:00:00", "2026-05-04T11:00:00"));

        Assert.Equal(HttpStatusCode.NoContent, stopped.Status);
        Assert.Equal(HttpStatusCode.NotFound, again.Status);
        Assert.Null(await receiver.NextAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task Watch_ChannelPastExpiration_SendsNothing()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-10T08:00:00Z", CultureInfo.InvariantCulture));
        await using var host = await EmulatorHost.StartAsync(timeProvider: clock, cancellationToken: TestContext.Current.CancellationToken);
        using var receiver = new NotificationReceiver();
        using var caller = await CalendarCaller.ForNewUserAsync(host.BaseUri);
        var expiration = clock.GetUtcNow().AddMinutes(10).ToUnixTimeMilliseconds();
        var channel = await caller.SendAsync(HttpMethod.Post, $"{CalendarCaller.Events}/watch", new
        {
            id = "channel-3", type = "web_hook", address = receiver.Address.ToString(), expiration = expiration.ToString(CultureInfo.InvariantCulture),
        });
        await receiver.NextAsync(Wait);

        clock.Advance(TimeSpan.FromMinutes(11));
        await caller.InsertAsync(CalendarCaller.Timed(null, "2026-05-04T10:00:00", "2026-05-04T11:00:00"));

        Assert.Equal(expiration.ToString(CultureInfo.InvariantCulture), channel.Text("expiration"));
        Assert.Null(await receiver.NextAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task Watch_SecondaryCalendar_OwnResourceIdAndOnlyItsChanges()
    {
        using var receiver = new NotificationReceiver();
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var family = await caller.CreateCalendarAsync("Family");
        var primary = await caller.SendAsync(HttpMethod.Post, $"{CalendarCaller.Events}/watch", new { id = "channel-p-" + Guid.NewGuid().ToString("N"), type = "web_hook", address = "http://127.0.0.1:9/hook" });
        var channel = await caller.SendAsync(HttpMethod.Post, $"{CalendarCaller.EventsOf(family)}/watch", new { id = "channel-f-" + Guid.NewGuid().ToString("N"), type = "web_hook", address = receiver.Address.ToString() });
        await receiver.NextAsync(Wait);

        await caller.InsertAsync(CalendarCaller.Timed(null, "2026-05-04T10:00:00", "2026-05-04T11:00:00"));
        var afterPrimary = await receiver.NextAsync(TimeSpan.FromMilliseconds(500));
        await caller.SendAsync(HttpMethod.Post, CalendarCaller.EventsOf(family), CalendarCaller.Timed(null, "2026-05-04T12:00:00", "2026-05-04T13:00:00"));
        var afterFamily = await receiver.NextAsync(Wait);

        Assert.NotEqual(primary.Text("resourceId"), channel.Text("resourceId"));
        Assert.Contains(Uri.EscapeDataString(family), channel.Text("resourceUri"), StringComparison.Ordinal);
        Assert.Null(afterPrimary);
        Assert.Equal(channel.Text("resourceId"), afterFamily?.Headers["X-Goog-Resource-ID"]);
    }

    [Theory]
    [InlineData("unshare")]
    [InlineData("delete")]
    public async Task Watch_CalendarUnsharedOrDeleted_SendsNothingMore(string how)
    {
        using var receiver = new NotificationReceiver();
        using var owner = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        using var guest = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var team = await owner.CreateCalendarAsync("Team");
        await Admin.AdminCaller.ShareAsync(emulator.BaseUri, team, guest.User!.Email, "reader");
        var channel = await guest.SendAsync(HttpMethod.Post, $"{CalendarCaller.EventsOf(team)}/watch", new { id = "channel-" + how + Guid.NewGuid().ToString("N"), type = "web_hook", address = receiver.Address.ToString() });
        await receiver.NextAsync(Wait);
        await owner.SendAsync(HttpMethod.Post, CalendarCaller.EventsOf(team), CalendarCaller.Timed(null, "2026-05-04T10:00:00", "2026-05-04T11:00:00"));
        var before = await receiver.NextAsync(Wait);

        if (how == "unshare")
        {
            await Admin.AdminCaller.ShareAsync(emulator.BaseUri, team, guest.User.Email, "none");
            await owner.SendAsync(HttpMethod.Post, CalendarCaller.EventsOf(team), CalendarCaller.Timed(null, "2026-05-05T10:00:00", "2026-05-05T11:00:00"));
        }
        else
        {
            await owner.SendAsync(HttpMethod.Delete, $"calendar/v3/calendars/{Uri.EscapeDataString(team)}");
        }

        var stop = await guest.SendAsync(HttpMethod.Post, "calendar/v3/channels/stop", new { id = channel.Text("id"), resourceId = channel.Text("resourceId") });

        Assert.Equal("exists", before?.Headers["X-Goog-Resource-State"]);
        Assert.Null(await receiver.NextAsync(TimeSpan.FromMilliseconds(500)));
        Assert.Equal(HttpStatusCode.NotFound, stop.Status);
    }

    [Fact]
    public async Task Watch_DuplicateChannelId_Returns400()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var body = new { id = "channel-dup-" + Guid.NewGuid().ToString("N"), type = "web_hook", address = "http://127.0.0.1:9/hook" };
        await caller.SendAsync(HttpMethod.Post, $"{CalendarCaller.Events}/watch", body);

        var again = await caller.SendAsync(HttpMethod.Post, $"{CalendarCaller.Events}/watch", body);

        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
    }
}
