using System.Net;
using CalendarSync.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Emulator.Tests.Calendar;

public sealed class CalendarApiTests(EmulatorFixture emulator)
{
    [Fact]
    public async Task CalendarListGet_Primary_ReturnsUsersCalendarWithTimeZone()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri, "America/New_York");

        var answer = await caller.GetAsync("calendar/v3/users/me/calendarList/primary");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("calendar#calendarListEntry", answer.Text("kind"));
        Assert.Equal(caller.User!.Email, answer.Text("id"));
        Assert.Equal("America/New_York", answer.Text("timeZone"));
        Assert.Equal("owner", answer.Text("accessRole"));
    }

    [Fact]
    public async Task CalendarsGet_ByEmail_ReturnsCalendar()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.GetAsync($"calendar/v3/calendars/{Uri.EscapeDataString(caller.User!.Email)}");

        Assert.Equal("calendar#calendar", answer.Text("kind"));
        Assert.Equal("Europe/Berlin", answer.Text("timeZone"));
    }

    [Fact]
    public async Task CalendarsGet_OtherUsersCalendar_Returns404()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var other = await emulator.CreateUserAsync(scope: EmulatorFixture.FullScope, cancellationToken: TestContext.Current.CancellationToken);

        var answer = await caller.GetAsync($"calendar/v3/calendars/{other.Email}/events");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("notFound", answer.Reason);
    }

    [Fact]
    public async Task EventsList_WithoutToken_Returns401InGoogleErrorFormat()
    {
        using var caller = new CalendarCaller(emulator.BaseUri, accessToken: null);

        var answer = await caller.ListAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal(401, answer.Body!["error"]!["code"]!.GetValue<int>());
        Assert.Equal("UNAUTHENTICATED", answer.Body!["error"]!["status"]!.GetValue<string>());
        Assert.Equal("authError", answer.Reason);
        Assert.NotEmpty(answer.Message.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task EventsList_UnknownToken_Returns401()
    {
        using var caller = new CalendarCaller(emulator.BaseUri, "ya29.not-issued-here");

        var answer = await caller.ListAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
    }

    [Fact]
    public async Task EventsList_AccessTokenPastLifetime_Returns401()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-10T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var host = await EmulatorHost.StartAsync(o => o.AccessTokenLifetime = TimeSpan.FromMinutes(5), clock, cancellationToken: TestContext.Current.CancellationToken);
        using var caller = await CalendarCaller.ForNewUserAsync(host.BaseUri);

        var before = await caller.ListAsync();
        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var after = await caller.ListAsync();

        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, after.Status);
    }

    [Fact]
    public async Task StartAsync_NonPositiveTokenLifetime_FailsAtStart()
    {
        await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            EmulatorHost.StartAsync(o => o.AccessTokenLifetime = TimeSpan.Zero, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task UnknownMethod_Returns404()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.GetAsync("calendar/v3/calendars/primary/acl");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
    }
}
