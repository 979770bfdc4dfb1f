using System.Net;
using System.Net.Http.Json;
using CalendarSync.Core.Calendar;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Functions.Http;
using CalendarSync.Google.Sync;
using CalendarSync.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

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

        var page = await _app.ConnectAsync(staffId, user.Email, Cancel);

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
        var (code, state) = await ConsentAsync(staffId, user.Email);
        await _app.Function<OAuthFunction>().OAuthCallback(FunctionApp.Get("/cb", ("state", state), ("code", code)));
        var before = await _app.Service<IConnectionStore>().GetAsync(staffId, Cancel);

        var replay = Assert.IsType<PageResult>(await _app.Function<OAuthFunction>().OAuthCallback(
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
        var page = Assert.IsType<PageResult>(await _app.Function<OAuthFunction>().OAuthCallback(
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
        var (code, state) = await ConsentAsync("staff-a", user.Email);
        var (_, nonce) = signer.Verify(state, DateTimeOffset.UtcNow);

        // A state for staff-b over staff-a's pending consent: signed by us, but the consent is not staff-b's.
        var swapped = signer.Sign("staff-b", nonce, DateTimeOffset.UtcNow.AddMinutes(5));
        var page = Assert.IsType<PageResult>(await _app.Function<OAuthFunction>().OAuthCallback(
            FunctionApp.Get("/cb", ("state", swapped), ("code", code))));

        Assert.Equal(400, page.StatusCode);
        Assert.Null(await _app.Service<IConnectionStore>().GetAsync("staff-b", Cancel));
    }

    [Fact]
    public async Task Callback_AccessDenied_SaysNotConnectedAndStoresNothing()
    {
        var staffId = "staff-" + Guid.NewGuid().ToString("N")[..10];
        var query = await ConsentFlow.ConsentAsync(
            await _app.StartConsentAsync(await _app.CreateLinkAsync(staffId, "nobody@example.com"), Cancel), signInAs: null, Cancel);

        var page = Assert.IsType<PageResult>(await _app.Function<OAuthFunction>().OAuthCallback(
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

    [Fact]
    public async Task Callback_AnotherAccountThanTheLinks_Is403StoresNothingAndRevokesTheGrant()
    {
        var staffId = "staff-" + Guid.NewGuid().ToString("N")[..10];
        var expected = await emulator.CreateUserAsync(cancellationToken: Cancel);
        var stranger = await emulator.CreateUserAsync(cancellationToken: Cancel);

        var page = await _app.ConnectAsync(staffId, expected.Email, Cancel, signInAs: stranger.Email);

        Assert.Equal(403, page.StatusCode);
        Assert.Contains(AccountAddress.Mask(expected.Email), page.Content, StringComparison.Ordinal);
        Assert.DoesNotContain(expected.Email, page.Content, StringComparison.OrdinalIgnoreCase);
        Assert.Null(await _app.Service<IConnectionStore>().GetAsync(staffId, Cancel));
        Assert.Null(await _app.Service<IRefreshTokenStore>().GetAsync(staffId, Cancel));
        Assert.DoesNotContain(await _app.QueuedAsync(Cancel), m => (string?)m["staffId"] == staffId);
        var issued = await IssuedAsync(stranger.Email, "refreshToken");
        Assert.NotEmpty(issued);
        foreach (var token in issued)
        {
            Assert.False(await RefreshWorksAsync(token), "The grant the wrong account gave still works.");
        }
    }

    [Fact]
    public async Task Callback_AnotherAccountOnReconnect_LeavesTheWorkingConnectionAsItWas()
    {
        var staffId = "staff-" + Guid.NewGuid().ToString("N")[..10];
        var owner = await emulator.CreateUserAsync(cancellationToken: Cancel);
        var stranger = await emulator.CreateUserAsync(cancellationToken: Cancel);
        Assert.Equal(200, (await _app.ConnectAsync(staffId, owner.Email, Cancel)).StatusCode);
        var before = (await _app.Service<IConnectionStore>().GetAsync(staffId, Cancel))!;
        var tokenBefore = await _app.Service<IRefreshTokenStore>().GetAsync(staffId, Cancel);

        // A reconnect link names no account: it expects the connected one.
        var consentUrl = await _app.StartConsentAsync(await _app.CreateLinkAsync(staffId, email: null), Cancel);
        var query = await ConsentFlow.ConsentAsync(consentUrl, stranger.Email, Cancel);
        var page = Assert.IsType<PageResult>(await _app.Function<OAuthFunction>().OAuthCallback(
            FunctionApp.Get("/cb", ("state", query["state"]), ("code", query["code"]))));

        Assert.Equal(403, page.StatusCode);
        var after = (await _app.Service<IConnectionStore>().GetAsync(staffId, Cancel))!;
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(owner.Email, after.Connection.CalendarId);
        Assert.Equal(tokenBefore, await _app.Service<IRefreshTokenStore>().GetAsync(staffId, Cancel));
        Assert.True(await RefreshWorksAsync(tokenBefore!));
    }

    [Fact]
    public async Task Callback_ConnectionWrittenBetweenTheReconnectsReadAndSave_SavesOverTheNewRow_KeepingTheChoices()
    {
        // A run that ended just before the reconnect took the lease records itself on the connection after giving the
        // lease back: here that write lands while the reconnect keeps the new grant, between its read and its save.
        WritesTheConnectionOnce? interloper = null;
        using var app = new FunctionApp(azurite, emulator, options: new FunctionAppOptions
        {
            Services = services =>
            {
                var registered = services.Last(d => d.ServiceType == typeof(IRefreshTokenStore));
                services.AddSingleton<IRefreshTokenStore>(provider => interloper = new WritesTheConnectionOnce(
                    (IRefreshTokenStore)registered.ImplementationFactory!(provider), provider.GetRequiredService<IConnectionStore>()));
            },
        });
        var staffId = "staff-" + Guid.NewGuid().ToString("N")[..10];
        var user = await emulator.CreateUserAsync(cancellationToken: Cancel);
        Assert.Equal(200, (await app.ConnectAsync(staffId, user.Email, Cancel)).StatusCode);
        var connections = app.Service<IConnectionStore>();
        var record = (await connections.GetAsync(staffId, Cancel))!;
        await connections.SaveAsync(record with { Connection = record.Connection with { WriteCalendarId = "bookings@group.calendar.google.com" } }, Cancel);

        interloper!.Armed = true;
        var page = await app.ConnectAsync(staffId, user.Email, Cancel);

        Assert.Equal(200, page.StatusCode);
        Assert.False(interloper.Armed);
        var after = (await connections.GetAsync(staffId, Cancel))!;
        Assert.Equal((ConnectionStatus.Active, "bookings@group.calendar.google.com"), (after.Connection.Status, after.Connection.WriteCalendarId));
    }

    /// <summary>The token store, which once armed writes the staff member's connection row as it keeps a token.</summary>
    private sealed class WritesTheConnectionOnce(IRefreshTokenStore inner, IConnectionStore connections) : IRefreshTokenStore
    {
        public bool Armed { get; set; }

        public Task<string?> GetAsync(string staffId, CancellationToken cancellationToken) => inner.GetAsync(staffId, cancellationToken);

        public async Task SetAsync(string staffId, string refreshToken, CancellationToken cancellationToken)
        {
            await inner.SetAsync(staffId, refreshToken, cancellationToken);
            if (Armed)
            {
                Armed = false;
                var record = (await connections.GetAsync(staffId, cancellationToken))!;
                await connections.SaveAsync(record with { ConnectedAt = record.ConnectedAt }, cancellationToken);
            }
        }

        public Task DeleteAsync(string staffId, CancellationToken cancellationToken) => inner.DeleteAsync(staffId, cancellationToken);
    }

    [Fact]
    public async Task StartConsent_FreeBusyAskedForOnlyOnceCalendarsAreReadAsBusyTimes()
    {
        var user = await emulator.CreateUserAsync(cancellationToken: Cancel);
        var staffId = "busy-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(200, (await _app.ConnectAsync(staffId, user.Email, Cancel)).StatusCode);
        var before = await _app.StartConsentAsync(await _app.CreateLinkAsync(staffId, email: null), Cancel);
        var connections = _app.Service<IConnectionStore>();
        var record = (await connections.GetAsync(staffId, Cancel))!;
        await connections.SaveAsync(
            record with { Connection = record.Connection with { BusyCalendars = OtherCalendars.Of(["family@group.calendar.google.com"], user.Email) } }, Cancel);

        var after = await _app.StartConsentAsync(await _app.CreateLinkAsync(staffId, email: null), Cancel);

        const string FreeBusy = "https://www.googleapis.com/auth/calendar.events.freebusy";
        Assert.DoesNotContain(FreeBusy, Scopes(before));
        Assert.Contains(FreeBusy, Scopes(after));
        Assert.Contains("https://www.googleapis.com/auth/calendar.events", Scopes(after));
    }

    [Fact]
    public async Task CreateWriteCalendar_RefusedForTheGrant_LinkAsksForItAndTheReconnectThatGrantsItCreatesTheCalendar()
    {
        // Google refuses calendars.insert for a grant without calendar.app.created; the emulator checks no scopes, so the
        // real directory is wrapped to refuse until the test lets it.
        var refusing = true;
        using var app = new FunctionApp(azurite, emulator, options: new FunctionAppOptions
        {
            Services = services => services.AddSingleton<ICalendarDirectory>(
                sp => new RefusingToCreate(ActivatorUtilities.CreateInstance<GoogleCalendarDirectory>(sp), () => refusing)),
        });
        var user = await emulator.CreateUserAsync(timeZone: "Europe/Lisbon", cancellationToken: Cancel);
        var staffId = "bookings-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(200, (await app.ConnectAsync(staffId, user.Email, Cancel)).StatusCode);
        var before = await app.StartConsentAsync(await app.CreateLinkAsync(staffId, email: null), Cancel);
        var connections = app.Service<IConnectionStore>();

        var asked = await app.Function<ConnectionsFunction>().SetCalendars(
            FunctionApp.Post($"/api/calendar/connections/{staffId}/calendars", """{"createWriteCalendar":"Bookings"}"""), staffId, Cancel);
        var asking = await app.StartConsentAsync(await app.CreateLinkAsync(staffId, email: null), Cancel);
        var stillRefused = await app.ConnectAsync(staffId, user.Email, Cancel);
        var waiting = (await connections.GetAsync(staffId, Cancel))!.Connection;
        refusing = false;
        var granted = await app.ConnectAsync(staffId, user.Email, Cancel);
        var after = (await connections.GetAsync(staffId, Cancel))!.Connection;
        var calendars = await app.Service<ICalendarDirectory>().ListCalendarsAsync(after, Cancel);

        const string AppCreated = "https://www.googleapis.com/auth/calendar.app.created";
        Assert.Equal(StatusCodes.Status409Conflict, ((ObjectResult)asked).StatusCode);
        Assert.DoesNotContain(AppCreated, Scopes(before));
        Assert.Contains(AppCreated, Scopes(asking));
        Assert.Equal((200, "Bookings", null), (stillRefused.StatusCode, waiting.CreateWriteCalendar, waiting.WriteCalendarId));
        Assert.Contains("could not be made", stillRefused.Content, StringComparison.Ordinal);
        Assert.Equal(200, granted.StatusCode);
        Assert.Contains("Bookings", granted.Content, StringComparison.Ordinal);
        Assert.Contains("is made for your appointments", granted.Content, StringComparison.Ordinal);
        var bookings = Assert.Single(calendars, c => c.Summary == "Bookings");
        Assert.Equal(("Europe/Lisbon", CalendarChoice.Mark(staffId)), (bookings.TimeZone, bookings.Description));
        Assert.Equal((bookings.Id, null), (after.WriteCalendarId, after.CreateWriteCalendar));
        Assert.DoesNotContain(AppCreated, Scopes(await app.StartConsentAsync(await app.CreateLinkAsync(staffId, email: null), Cancel)));
        Assert.Contains(await app.QueuedAsync(Cancel), m => (string?)m["staffId"] == staffId && (string?)m["reason"] == "connect");
    }

    /// <summary>The real directory, except that creating a calendar is refused as for a grant without the scope while <paramref name="refusing"/>.</summary>
    private sealed class RefusingToCreate(ICalendarDirectory inner, Func<bool> refusing) : ICalendarDirectory
    {
        public Task<IReadOnlyList<CalendarEntry>> ListCalendarsAsync(CalendarConnection connection, CancellationToken cancellationToken) =>
            inner.ListCalendarsAsync(connection, cancellationToken);

        public Task<CalendarEntry> CreateCalendarAsync(
            CalendarConnection connection, string summary, string timeZone, string? description, CancellationToken cancellationToken) =>
            refusing()
                ? throw new CalendarNotWritableException("Request had insufficient authentication scopes.")
                : inner.CreateCalendarAsync(connection, summary, timeZone, description, cancellationToken);
    }

    private static string[] Scopes(Uri consentUrl) => System.Web.HttpUtility.ParseQueryString(consentUrl.Query)["scope"]!.Split(' ');

    [Fact]
    public async Task Callback_ColleagueConnectedThemselvesOpensAnothersLink_TheirOwnGrantStaysAlive()
    {
        var colleague = await emulator.CreateUserAsync(cancellationToken: Cancel);
        var other = await emulator.CreateUserAsync(cancellationToken: Cancel);
        var colleagueId = "staff-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(200, (await _app.ConnectAsync(colleagueId, colleague.Email, Cancel)).StatusCode);

        var page = await _app.ConnectAsync("staff-" + Guid.NewGuid().ToString("N")[..10], other.Email, Cancel, signInAs: colleague.Email);

        Assert.Equal(403, page.StatusCode);
        Assert.DoesNotContain("withdrawn", page.Content, StringComparison.Ordinal);
        Assert.True(await RefreshWorksAsync((await _app.Service<IRefreshTokenStore>().GetAsync(colleagueId, Cancel))!));
    }

    [Fact]
    public async Task Callback_CalendarReadFailsOnReconnect_KeepsTheOldGrant()
    {
        // An emulator of its own: the fault below strikes a path every connect reads.
        var google = new EmulatorFixture();
        await google.InitializeAsync();
        await using var stop = google;
        using var app = new FunctionApp(azurite, google, "oauth-" + Guid.NewGuid().ToString("N")[..12], new FunctionAppOptions
        {
            Settings = new Dictionary<string, string?> { ["Google__Retry__MaxAttempts"] = "1" },
        });
        var staffId = "staff-" + Guid.NewGuid().ToString("N")[..10];
        var user = await google.CreateUserAsync(cancellationToken: Cancel);
        Assert.Equal(200, (await app.ConnectAsync(staffId, user.Email, Cancel)).StatusCode);
        var tokenBefore = await app.Service<IRefreshTokenStore>().GetAsync(staffId, Cancel);
        var consentUrl = await app.StartConsentAsync(await app.CreateLinkAsync(staffId, user.Email), Cancel);
        var query = await ConsentFlow.ConsentAsync(consentUrl, signInAs: null, Cancel);
        using (var admin = new HttpClient { BaseAddress = google.BaseUri })
        {
            using var fault = await admin.PostAsJsonAsync("emulator/faults", new { kind = "serviceUnavailable", path = "/calendar/v3/users/me/calendarList/*" }, Cancel);
            fault.EnsureSuccessStatusCode();
        }

        var page = Assert.IsType<PageResult>(await app.Function<OAuthFunction>().OAuthCallback(
            FunctionApp.Get("/cb", ("state", query["state"]), ("code", query["code"]))));

        Assert.Equal(503, page.StatusCode);
        Assert.Equal(tokenBefore, await app.Service<IRefreshTokenStore>().GetAsync(staffId, Cancel));
    }

    [Fact]
    public async Task CreateConnectLink_AnotherAccountThanTheConnected_Is409AndNamesTheMove()
    {
        var staffId = "staff-" + Guid.NewGuid().ToString("N")[..10];
        var user = await emulator.CreateUserAsync(cancellationToken: Cancel);
        Assert.Equal(200, (await _app.ConnectAsync(staffId, user.Email, Cancel)).StatusCode);

        var result = Assert.IsType<ObjectResult>(await _app.Function<ConnectLinksFunction>().CreateConnectLink(
            FunctionApp.Post("/api/calendar/connect-links", $$"""{"staffId":"{{staffId}}","email":"someone-else@example.com"}""")));

        Assert.Equal(409, result.StatusCode);
        var problem = Assert.IsType<ProblemDetails>(result.Value);
        Assert.Contains("/move", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(user.Email, problem.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CreateConnectLink_AnswersAKeylessLinkThatWorksOnce()
    {
        var staffId = "staff-" + Guid.NewGuid().ToString("N")[..10];
        var user = await emulator.CreateUserAsync(cancellationToken: Cancel);

        var link = await _app.CreateLinkAsync(staffId, user.Email);
        var token = ConsentFlow.LinkToken(link);

        Assert.Equal(["link"], System.Web.HttpUtility.ParseQueryString(link.Query).AllKeys);
        Assert.Equal("/api/calendar/connect", link.AbsolutePath);
        for (var look = 0; look < 2; look++)
        {
            // A mail scanner's GET does not use it up.
            Assert.Equal(200, Assert.IsType<PageResult>(await _app.Function<OAuthFunction>().ConnectPage(FunctionApp.Get(link.AbsolutePath, ("link", token)))).StatusCode);
        }

        Assert.IsType<RedirectResult>(await _app.Function<OAuthFunction>().StartConsent(FunctionApp.Form(link.AbsolutePath, ("link", token))));
        var again = Assert.IsType<PageResult>(await _app.Function<OAuthFunction>().StartConsent(FunctionApp.Form(link.AbsolutePath, ("link", token))));
        var pageAgain = Assert.IsType<PageResult>(await _app.Function<OAuthFunction>().ConnectPage(FunctionApp.Get(link.AbsolutePath, ("link", token))));

        Assert.Equal(400, again.StatusCode);
        Assert.Equal(400, pageAgain.StatusCode);
    }

    [Fact]
    public async Task StartConsent_ConsentStateInsteadOfALink_Is400()
    {
        var user = await emulator.CreateUserAsync(cancellationToken: Cancel);
        var (_, state) = await ConsentAsync("staff-" + Guid.NewGuid().ToString("N")[..10], user.Email);

        var page = Assert.IsType<PageResult>(await _app.Function<OAuthFunction>().StartConsent(FunctionApp.Form("/api/calendar/connect", ("link", state))));

        Assert.Equal(400, page.StatusCode);
    }

    [Theory]
    [InlineData("""{"staffId":"../x","email":"a@example.com"}""", "staffId")]
    [InlineData("""{"staffId":"s1","email":"not an address"}""", "email")]
    [InlineData("""{"staffId":"s1"}""", "email")]
    [InlineData("""{"staffId":"s1","email":"a@example.com","loginHint":"x"}""", "body")]
    public async Task CreateConnectLink_InvalidBody_Is400NamingTheField(string body, string field)
    {
        var result = Assert.IsType<ObjectResult>(await _app.Function<ConnectLinksFunction>().CreateConnectLink(
            FunctionApp.Post("/api/calendar/connect-links", body)));

        Assert.Equal(400, result.StatusCode);
        Assert.Equal(field, Assert.IsType<ProblemDetails>(result.Value).Extensions["field"]);
    }

    [Fact]
    public async Task MoveConnection_ToAnotherAccount_RevokesTheOldGrantAndTheLinkConnectsTheNewOne()
    {
        var staffId = "staff-" + Guid.NewGuid().ToString("N")[..10];
        var before = await emulator.CreateUserAsync(cancellationToken: Cancel);
        var after = await emulator.CreateUserAsync(timeZone: "America/New_York", cancellationToken: Cancel);
        Assert.Equal(200, (await _app.ConnectAsync(staffId, before.Email, Cancel)).StatusCode);
        var oldToken = (await _app.Service<IRefreshTokenStore>().GetAsync(staffId, Cancel))!;

        var move = FunctionApp.Post($"/api/calendar/connections/{staffId}/move", $$"""{"email":"{{after.Email}}"}""");
        var answer = Assert.IsType<OkObjectResult>(await _app.Function<ConnectLinksFunction>().MoveConnection(move, staffId, Cancel));

        Assert.False(await RefreshWorksAsync(oldToken));
        var moved = (await _app.Service<IConnectionStore>().GetAsync(staffId, Cancel))!;
        Assert.Equal(ConnectionStatus.Disabled, moved.Connection.Status);
        Assert.Equal(after.Email, moved.Email);
        var link = new Uri((string)System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(answer.Value))!["url"]!);
        var query = await ConsentFlow.ConsentAsync(await _app.StartConsentAsync(link, Cancel), signInAs: null, Cancel);
        var page = Assert.IsType<PageResult>(await _app.Function<OAuthFunction>().OAuthCallback(
            FunctionApp.Get("/cb", ("state", query["state"]), ("code", query["code"]))));
        Assert.Equal(200, page.StatusCode);
        var connected = (await _app.Service<IConnectionStore>().GetAsync(staffId, Cancel))!;
        Assert.Equal(after.Email, connected.Connection.CalendarId);
        Assert.Equal("America/New_York", connected.TimeZoneId);
        Assert.Equal(ConnectionStatus.Active, connected.Connection.Status);
    }

    private async Task<(string Code, string State)> ConsentAsync(string staffId, string email)
    {
        var query = await ConsentFlow.ConsentAsync(await _app.StartConsentAsync(await _app.CreateLinkAsync(staffId, email), Cancel), signInAs: null, Cancel);
        return (query["code"]!, query["state"]!);
    }

    private async Task<List<string>> IssuedAsync(string email, string kind)
    {
        using var http = new HttpClient { BaseAddress = emulator.BaseUri };
        var all = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync("emulator/credentials", Cancel))!["items"]!.AsArray();
        return [.. all.Where(c => (string?)c!["email"] == email && (string?)c["kind"] == kind).Select(c => (string)c!["value"]!)];
    }

    private async Task<bool> RefreshWorksAsync(string refreshToken)
    {
        using var http = new HttpClient { BaseAddress = emulator.BaseUri };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = _app.Settings["Google__ClientId"]!,
            ["client_secret"] = _app.Settings["Google__ClientSecret"]!,
        });
        using var answer = await http.PostAsync("token", form, Cancel);
        return answer.IsSuccessStatusCode;
    }
}
