using System.Net;
using System.Net.Http.Json;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Functions.Http;
using CalendarSync.Testing;
using Microsoft.AspNetCore.Mvc;

namespace CalendarSync.Functions.Tests.Http;

/// <summary>connect → Google consent (the emulator) → oauth/callback, with every part behind the functions real.</summary>
public sealed class OAuthFunctionTests(AzuriteFixture azurite, EmulatorFixture emulator) : IDisposable
{
    private readonly FunctionApp _app = new(azurite, emulator);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Callback_AfterConsent_StoresConnectionAndQueuesFirstSync()
    {
        var staffId = "staff-" + Guid.NewGuid().ToString("N")[..10];
        var user = await emulator.CreateUserAsync(timeZone: "America/New_York", cancellationToken: Cancel);

        var redirect = Assert.IsType<RedirectResult>(await _app.Function<OAuthFunction>().Connect(
            FunctionApp.Get("/api/calendar/connect", ("staffId", staffId), ("loginHint", user.Email))));
        var (code, state) = await ConsentAsync(redirect.Url);
        var page = Assert.IsType<ContentResult>(await _app.Function<OAuthFunction>().OAuthCallback(
            FunctionApp.Get("/api/calendar/oauth/callback", ("state", state), ("code", code))));

        Assert.Equal(200, page.StatusCode);
        Assert.Contains("connected", page.Content, StringComparison.OrdinalIgnoreCase);
        var connection = await _app.Service<IConnectionStore>().GetAsync(staffId, Cancel);
        Assert.NotNull(connection);
        Assert.Equal(user.Email, connection.Connection.CalendarId);
        Assert.Equal("America/New_York", connection.TimeZoneId);
        Assert.Equal(ConnectionStatus.Active, connection.Connection.Status);
        Assert.NotNull(await _app.Service<IRefreshTokenStore>().GetAsync(staffId, Cancel));
        Assert.Contains(await _app.QueuedAsync(Cancel), m => (string?)m["staffId"] == staffId && (string?)m["reason"] == "connect");
    }

    [Fact]
    public async Task Callback_Replayed_SecondIs400AndChangesNothing()
    {
        var staffId = "staff-" + Guid.NewGuid().ToString("N")[..10];
        var user = await emulator.CreateUserAsync(cancellationToken: Cancel);
        var redirect = Assert.IsType<RedirectResult>(await _app.Function<OAuthFunction>().Connect(
            FunctionApp.Get("/api/calendar/connect", ("staffId", staffId), ("loginHint", user.Email))));
        var (code, state) = await ConsentAsync(redirect.Url);
        await _app.Function<OAuthFunction>().OAuthCallback(FunctionApp.Get("/cb", ("state", state), ("code", code)));
        var before = await _app.Service<IConnectionStore>().GetAsync(staffId, Cancel);

        var replay = Assert.IsType<ContentResult>(await _app.Function<OAuthFunction>().OAuthCallback(
            FunctionApp.Get("/cb", ("state", state), ("code", code))));

        Assert.Equal(400, replay.StatusCode);
        Assert.Equal(before!.ETag, (await _app.Service<IConnectionStore>().GetAsync(staffId, Cancel))!.ETag);
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("v1~staff-x~bm9uY2U~99999999999~c2lnbmF0dXJl")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("")]
    public async Task Callback_ForgedState_Is400PlainPageAndStoresNothing(string state)
    {
        var page = Assert.IsType<ContentResult>(await _app.Function<OAuthFunction>().OAuthCallback(
            FunctionApp.Get("/cb", ("state", state), ("code", "4/some-code"))));

        Assert.Equal(400, page.StatusCode);
        Assert.DoesNotContain("<script>", page.Content, StringComparison.Ordinal);
        Assert.Null(await _app.Service<IConnectionStore>().GetAsync("staff-x", Cancel));
    }

    [Fact]
    public async Task Callback_StateOfAnotherStaffMember_IsRejected()
    {
        var signer = _app.Service<OAuthStateSigner>();
        var user = await emulator.CreateUserAsync(cancellationToken: Cancel);
        var redirect = Assert.IsType<RedirectResult>(await _app.Function<OAuthFunction>().Connect(
            FunctionApp.Get("/api/calendar/connect", ("staffId", "staff-a"), ("loginHint", user.Email))));
        var (code, state) = await ConsentAsync(redirect.Url);
        var (_, nonce) = signer.Verify(state, DateTimeOffset.UtcNow);

        // A state for staff-b over staff-a's pending consent: signed by us, but the consent is not staff-b's.
        var swapped = signer.Sign("staff-b", nonce, DateTimeOffset.UtcNow.AddMinutes(5));
        var page = Assert.IsType<ContentResult>(await _app.Function<OAuthFunction>().OAuthCallback(
            FunctionApp.Get("/cb", ("state", swapped), ("code", code))));

        Assert.Equal(400, page.StatusCode);
        Assert.Null(await _app.Service<IConnectionStore>().GetAsync("staff-b", Cancel));
    }

    [Fact]
    public async Task Callback_AccessDenied_SaysNotConnectedAndStoresNothing()
    {
        var staffId = "staff-" + Guid.NewGuid().ToString("N")[..10];
        var redirect = Assert.IsType<RedirectResult>(await _app.Function<OAuthFunction>().Connect(
            FunctionApp.Get("/api/calendar/connect", ("staffId", staffId), ("loginHint", "nobody@example.com"))));
        var location = await RedirectAsync(redirect.Url);
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);

        var page = Assert.IsType<ContentResult>(await _app.Function<OAuthFunction>().OAuthCallback(
            FunctionApp.Get("/cb", ("state", query["state"]), ("error", query["error"]))));

        Assert.Equal("access_denied", query["error"]);
        Assert.Equal(200, page.StatusCode);
        Assert.Contains("not connected", page.Content, StringComparison.OrdinalIgnoreCase);
        Assert.Null(await _app.Service<IConnectionStore>().GetAsync(staffId, Cancel));
    }

    [Fact]
    public async Task Callback_WithPushNotificationsOn_OpensTheChannelAtOnce()
    {
        using var receiver = new NotificationReceiver();
        using var app = new FunctionApp(azurite, emulator, options: new FunctionAppOptions { NotificationUri = receiver.Address });
        var staffId = "staff-" + Guid.NewGuid().ToString("N")[..10];
        var user = await emulator.CreateUserAsync(cancellationToken: Cancel);

        var page = await app.ConnectAsync(staffId, user.Email, Cancel);

        Assert.Equal(200, page.StatusCode);
        var channel = (await app.Service<IConnectionStore>().GetAsync(staffId, Cancel))!.Channel;
        Assert.NotNull(channel);
        var handshake = await receiver.NextAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(handshake);
        Assert.Equal(channel.ChannelId, handshake.Value.Headers["X-Goog-Channel-ID"]);
        Assert.Equal("sync", handshake.Value.Headers["X-Goog-Resource-State"]);
    }

    [Fact]
    public async Task Callback_ChannelCannotBeOpened_StillConnectsAndQueuesTheFirstSync()
    {
        using var receiver = new NotificationReceiver();
        using var app = new FunctionApp(azurite, emulator, "oauth-" + Guid.NewGuid().ToString("N")[..12], new FunctionAppOptions
        {
            NotificationUri = receiver.Address,
            Settings = new Dictionary<string, string?> { ["Google__Retry__MaxAttempts"] = "1" },
        });
        var staffId = "staff-" + Guid.NewGuid().ToString("N")[..10];
        var user = await emulator.CreateUserAsync(cancellationToken: Cancel);
        using (var admin = new HttpClient { BaseAddress = emulator.BaseUri })
        {
            // Only this user's watch fails: tests in parallel share the emulator.
            var path = "/calendar/v3/calendars/*" + user.Email.Split('@')[0] + "*/events/watch";
            using var fault = await admin.PostAsJsonAsync("emulator/faults", new { kind = "serviceUnavailable", path }, Cancel);
            fault.EnsureSuccessStatusCode();
        }

        var page = await app.ConnectAsync(staffId, user.Email, Cancel);

        Assert.Equal(200, page.StatusCode);
        var connection = await app.Service<IConnectionStore>().GetAsync(staffId, Cancel);
        Assert.Equal(ConnectionStatus.Active, connection!.Connection.Status);
        Assert.Null(connection.Channel);
        Assert.Contains(await app.QueuedAsync(Cancel), m => (string?)m["staffId"] == staffId && (string?)m["reason"] == "connect");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("../x")]
    [InlineData("a#b")]
    public async Task Connect_InvalidStaffId_Is400(string? staffId)
    {
        var result = Assert.IsType<ObjectResult>(await _app.Function<OAuthFunction>().Connect(
            FunctionApp.Get("/api/calendar/connect", ("staffId", staffId))));

        Assert.Equal(400, result.StatusCode);
    }

    private static async Task<(string Code, string State)> ConsentAsync(string consentUrl)
    {
        var query = System.Web.HttpUtility.ParseQueryString((await RedirectAsync(consentUrl)).Query);
        return (query["code"]!, query["state"]!);
    }

    private static async Task<Uri> RedirectAsync(string consentUrl)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await http.GetAsync(new Uri(consentUrl), Cancel);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }
}
