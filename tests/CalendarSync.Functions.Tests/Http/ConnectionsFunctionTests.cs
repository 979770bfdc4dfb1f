using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Functions.Http;
using CalendarSync.Functions.Tests.Fakes;
using CalendarSync.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;

namespace CalendarSync.Functions.Tests.Http;

public sealed class ConnectionsFunctionTests
{
    private readonly AzuriteFixture _azurite;
    private readonly EmulatorFixture _emulator;
    private readonly InMemoryConnections _store = new();
    private readonly RefusingToCreate _calendars = new();
    private readonly ConnectionsFunction _function;

    public ConnectionsFunctionTests(AzuriteFixture azurite, EmulatorFixture emulator)
    {
        _azurite = azurite;
        _emulator = emulator;
        _store.Add(new ConnectionRecord { Connection = new CalendarConnection("jane", "jane@example.com"), TimeZoneId = "Europe/Berlin", Email = "jane@example.com" });
        var control = new ConnectionControl(_store);
        _function = new ConnectionsFunction(
            new DisconnectService(_store, _store, _store, _store, _store, new SyncProcessorOptions()), control,
            new CalendarChoice(_store, _calendars, control, new SyncScheduler(_store, _store, new SyncProcessorOptions(), TimeProvider.System)),
            NullLogger<ConnectionsFunction>.Instance);
    }

    [Fact]
    public async Task Disconnect_Connected_Answers204AndDisables()
    {
        var result = await _function.Disconnect(Request(""), "jane", CancellationToken.None);

        Assert.IsType<NoContentResult>(result);
        Assert.Equal(ConnectionStatus.Disabled, _store["jane"].Connection.Status);
        Assert.Equal(["jane"], _store.Revoked);
    }

    [Fact]
    public async Task Disconnect_Repeated_Answers204Again()
    {
        await _function.Disconnect(Request("?removeEvents=true"), "jane", CancellationToken.None);

        Assert.IsType<NoContentResult>(await _function.Disconnect(Request("?removeEvents=true"), "jane", CancellationToken.None));
        Assert.Equal(ConnectionStatus.Disabled, _store["jane"].Connection.Status);
    }

    [Theory]
    [InlineData("bob")]
    [InlineData("bad id with spaces")]
    public async Task Disconnect_UnknownStaff_Answers404(string staffId)
    {
        AssertProblem(StatusCodes.Status404NotFound, "staffId", await _function.Disconnect(Request(""), staffId, CancellationToken.None));
        Assert.Empty(_store.Revoked);
    }

    [Fact]
    public async Task Disconnect_BadRemoveEvents_Answers400()
    {
        AssertProblem(StatusCodes.Status400BadRequest, "removeEvents", await _function.Disconnect(Request("?removeEvents=maybe"), "jane", CancellationToken.None));
        Assert.Equal(ConnectionStatus.Active, _store["jane"].Connection.Status);
    }

    [Fact]
    public async Task Disconnect_SyncRunning_Answers409ProblemAndChangesNothing()
    {
        _store.Leased.Add("jane");

        var result = Assert.IsType<ObjectResult>(await _function.Disconnect(Request("?removeEvents=true"), "jane", CancellationToken.None));

        Assert.Equal(StatusCodes.Status409Conflict, result.StatusCode);
        Assert.Contains("application/problem+json", result.ContentTypes);
        Assert.Contains("sync", Assert.IsType<ProblemDetails>(result.Value).Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ConnectionStatus.Active, _store["jane"].Connection.Status);
        Assert.Empty(_store.Revoked);
    }

    [Fact]
    public async Task Disconnect_WhileARunHoldsTheLease_Is409ThenDisconnectsOnceItEnds()
    {
        using var app = new FunctionApp(_azurite, _emulator, "disc-" + Guid.NewGuid().ToString("N")[..12]);
        var user = await _emulator.CreateUserAsync(cancellationToken: TestContext.Current.CancellationToken);
        var staffId = "disc-" + Guid.NewGuid().ToString("N")[..12];
        await app.Service<IRefreshTokenStore>().SetAsync(staffId, user.RefreshToken, TestContext.Current.CancellationToken);
        await app.Service<IConnectionStore>().SaveAsync(
            new ConnectionRecord { Connection = new CalendarConnection(staffId, user.Email), TimeZoneId = "Europe/Berlin", Email = user.Email },
            TestContext.Current.CancellationToken);
        var run = await app.Service<ISyncLease>().TryAcquireAsync(staffId, TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken);

        var refused = Assert.IsType<ObjectResult>(await app.Function<ConnectionsFunction>().Disconnect(Request(""), staffId, TestContext.Current.CancellationToken));
        var during = await app.Service<IConnectionStore>().GetAsync(staffId, TestContext.Current.CancellationToken);
        await app.Service<ISyncLease>().ReleaseAsync(run!, TestContext.Current.CancellationToken);
        var done = await app.Function<ConnectionsFunction>().Disconnect(Request(""), staffId, TestContext.Current.CancellationToken);

        Assert.Equal(StatusCodes.Status409Conflict, refused.StatusCode);
        Assert.Equal(ConnectionStatus.Active, during!.Connection.Status);
        Assert.IsType<NoContentResult>(done);
        Assert.Equal(ConnectionStatus.Disabled, (await app.Service<IConnectionStore>().GetAsync(staffId, TestContext.Current.CancellationToken))!.Connection.Status);
        Assert.Null(await app.Service<IRefreshTokenStore>().GetAsync(staffId, TestContext.Current.CancellationToken));
        Assert.NotNull(await app.Service<ISyncLease>().TryAcquireAsync(staffId, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("{", "body")]
    [InlineData("{}", "body")]
    [InlineData("""{"busy":[]}""", "body")]
    [InlineData("""{"read":"team@group.calendar.google.com"}""", "read")]
    [InlineData("""{"busyOnly":[1]}""", "busyOnly")]
    [InlineData("""{"write":["primary"]}""", "write")]
    [InlineData("""{"createWriteCalendar":true}""", "createWriteCalendar")]
    [InlineData("""{"createWriteCalendar":"  "}""", "createWriteCalendar")]
    [InlineData("""{"write":"primary","createWriteCalendar":"Bookings"}""", "write")]
    public async Task SetCalendars_BadBody_Answers400NamingTheFieldAndChangesNothing(string body, string field)
    {
        AssertProblem(StatusCodes.Status400BadRequest, field, await _function.SetCalendars(FunctionApp.Post("/api/calendar/connections/jane/calendars", body), "jane", CancellationToken.None));

        Assert.Equal(new CalendarConnection("jane", "jane@example.com"), _store["jane"].Connection);
        Assert.Empty(_calendars.Asked);
        Assert.Empty(_store.Queued);
    }

    [Fact]
    public async Task SetCalendars_CreateRefusedForTheGrant_Answers409AndKeepsTheWishAndTheRest()
    {
        var answer = await _function.SetCalendars(
            FunctionApp.Post("/api/calendar/connections/jane/calendars", """{"busyOnly":["team@group.calendar.google.com"],"createWriteCalendar":"Bookings"}"""),
            "jane",
            CancellationToken.None);

        AssertProblem(StatusCodes.Status409Conflict, "createWriteCalendar", answer);
        Assert.Contains("connect link", Assert.IsType<ProblemDetails>(((ObjectResult)answer).Value).Detail, StringComparison.Ordinal);
        Assert.Equal(["Bookings"], _calendars.Asked);
        Assert.Equal(("Bookings", "team@group.calendar.google.com"), (_store["jane"].Connection.CreateWriteCalendar, _store["jane"].Connection.BusyCalendars.ToString()));
        Assert.Equal("jane", Assert.Single(_store.Queued).StaffId);
    }

    private static void AssertProblem(int status, string field, IActionResult result)
    {
        var answer = Assert.IsType<ObjectResult>(result);
        Assert.Equal(status, answer.StatusCode);
        Assert.Contains("application/problem+json", answer.ContentTypes);
        Assert.Equal(field, Assert.IsType<ProblemDetails>(answer.Value).Extensions["field"]);
    }

    private static HttpRequest Request(string query)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = "DELETE";
        request.QueryString = new QueryString(query.Length == 0 ? null : query);
        return request;
    }

    /// <summary>The staff member's calendar list, with a grant that Google refuses to create calendars for (as without <c>calendar.app.created</c>).</summary>
    private sealed class RefusingToCreate : Core.Calendar.ICalendarDirectory
    {
        public List<string> Asked { get; } = [];

        public Task<IReadOnlyList<Core.Calendar.CalendarEntry>> ListCalendarsAsync(CalendarConnection connection, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Core.Calendar.CalendarEntry>>(
            [
                new(connection.CalendarId, connection.CalendarId, "Europe/Berlin", Core.Calendar.CalendarAccessRole.Owner, IsPrimary: true),
                new("team@group.calendar.google.com", "Team", "Europe/Berlin", Core.Calendar.CalendarAccessRole.FreeBusyReader, IsPrimary: false),
            ]);

        public Task<Core.Calendar.CalendarEntry> CreateCalendarAsync(
            CalendarConnection connection, string summary, string timeZone, string? description, CancellationToken cancellationToken)
        {
            Asked.Add(summary);
            throw new Core.Calendar.CalendarNotWritableException("Request had insufficient authentication scopes.");
        }
    }
}
