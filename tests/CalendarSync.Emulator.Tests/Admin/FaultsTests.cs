using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CalendarSync.Testing;

namespace CalendarSync.Emulator.Tests.Admin;

/// <summary>Faults are global to an emulator, so every test here starts its own.</summary>
public sealed class FaultsTests
{
    [Theory]
    [InlineData("rateLimitExceeded", 403, "rateLimitExceeded", "usageLimits")]
    [InlineData("userRateLimitExceeded", 403, "userRateLimitExceeded", "usageLimits")]
    [InlineData("tooManyRequests", 429, "rateLimitExceeded", "usageLimits")]
    [InlineData("backendError", 500, "backendError", "global")]
    [InlineData("serviceUnavailable", 503, "backendError", "global")]
    public async Task Fault_ErrorKind_AnswersGooglesError(string kind, int status, string reason, string domain)
    {
        await using var host = await StartAsync();
        using var caller = await CalendarCaller.ForNewUserAsync(host.BaseUri);

        var added = await AdminCaller.FaultAsync(host.BaseUri, new { kind, path = "/calendar/v3/*" });
        var answer = await caller.ListAsync();

        Assert.Equal(HttpStatusCode.Created, added.Status);
        Assert.Equal(status, (int)answer.Status);
        Assert.Equal(reason, answer.Reason);
        Assert.Equal(domain, answer.Domain);
    }

    [Fact]
    public async Task Fault_Count_StrikesThatManyTimes()
    {
        await using var host = await StartAsync();
        using var caller = await CalendarCaller.ForNewUserAsync(host.BaseUri);
        await AdminCaller.FaultAsync(host.BaseUri, new { kind = "backendError", path = "/calendar/v3/*", count = 2 });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await caller.ListAsync()).Status);
        }

        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task Fault_ProbabilityZero_NeverStrikes()
    {
        await using var host = await StartAsync();
        using var caller = await CalendarCaller.ForNewUserAsync(host.BaseUri);
        await AdminCaller.FaultAsync(host.BaseUri, new { kind = "backendError", probability = 0.0 });

        var answer = await caller.ListAsync();

        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }

    [Fact]
    public async Task Fault_PathPatternAndMethod_HitOnlyMatchingRequests()
    {
        await using var host = await StartAsync();
        using var caller = await CalendarCaller.ForNewUserAsync(host.BaseUri);
        await AdminCaller.FaultAsync(host.BaseUri, new { kind = "serviceUnavailable", path = "/calendar/v3/calendars/*/events", method = "POST" });

        var list = await caller.ListAsync();
        var insert = await caller.InsertAsync(CalendarCaller.Timed(null, "2026-05-04T10:00:00", "2026-05-04T11:00:00"));

        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, insert.Status);
    }

    [Fact]
    public async Task Fault_Latency_DelaysTheAnswer()
    {
        await using var host = await StartAsync();
        using var caller = await CalendarCaller.ForNewUserAsync(host.BaseUri);
        await AdminCaller.FaultAsync(host.BaseUri, new { kind = "latency", latencyMs = 300 });

        var watch = Stopwatch.StartNew();
        var answer = await caller.ListAsync();

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task Fault_DropConnection_ClosesWithoutAnswer()
    {
        await using var host = await StartAsync();
        using var caller = await CalendarCaller.ForNewUserAsync(host.BaseUri);
        await AdminCaller.FaultAsync(host.BaseUri, new { kind = "dropConnection", count = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() => caller.ListAsync());
        Assert.Equal(HttpStatusCode.OK, (await caller.ListAsync()).Status);
    }

    [Fact]
    public async Task Fault_Cleared_NoLongerStrikes()
    {
        await using var host = await StartAsync();
        using var caller = await CalendarCaller.ForNewUserAsync(host.BaseUri);
        await AdminCaller.FaultAsync(host.BaseUri, new { kind = "backendError" });
        using var http = new HttpClient { BaseAddress = host.BaseUri };

        using var cleared = await http.DeleteAsync("emulator/faults", TestContext.Current.CancellationToken);
        var answer = await caller.ListAsync();

        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }

    [Fact]
    public async Task Stats_CountRequestsAndStrikesByKind_KeptWhenClearedZeroedByReset()
    {
        await using var host = await StartAsync();
        using var caller = await CalendarCaller.ForNewUserAsync(host.BaseUri);
        using var http = new HttpClient { BaseAddress = host.BaseUri };
        await AdminCaller.FaultAsync(host.BaseUri, new { kind = "backendError", path = "/calendar/v3/*", count = 2 });
        await AdminCaller.FaultAsync(host.BaseUri, new { kind = "tooManyRequests", path = "/calendar/v3/*", count = 1 });
        for (var i = 0; i < 4; i++)
        {
            await caller.ListAsync();
        }

        (await http.DeleteAsync("emulator/faults", TestContext.Current.CancellationToken)).Dispose();
        var stats = await StatsAsync(http);
        (await http.PostAsync("emulator/reset", null, TestContext.Current.CancellationToken)).Dispose();
        var afterReset = await StatsAsync(http);

        Assert.Equal(4, (long)stats["requests"]!);
        Assert.Equal(2, (long)stats["struck"]!["backendError"]!);
        Assert.Equal(1, (long)stats["struck"]!["tooManyRequests"]!);
        Assert.Equal(0, (long)afterReset["requests"]!);
        Assert.Empty(afterReset["struck"]!.AsObject());
    }

    [Fact]
    public async Task Fault_UnknownKind_Returns400()
    {
        await using var host = await StartAsync();

        var answer = await AdminCaller.FaultAsync(host.BaseUri, new { kind = "meteorStrike" });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
    }

    [Fact]
    public async Task ExpireSyncTokens_NextIncrementalList_Returns410()
    {
        await using var host = await StartAsync();
        using var caller = await CalendarCaller.ForNewUserAsync(host.BaseUri);
        var full = await caller.ListAsync();

        await AdminCaller.FaultAsync(host.BaseUri, new { kind = "expireSyncTokens" });
        var answer = await caller.ListAsync($"syncToken={full.Text("nextSyncToken")}");

        Assert.Equal(HttpStatusCode.Gone, answer.Status);
        Assert.Equal("fullSyncRequired", answer.Reason);
    }

    [Fact]
    public async Task RevokeGrant_UsersTokensStopWorking()
    {
        await using var host = await StartAsync();
        using var caller = await CalendarCaller.ForNewUserAsync(host.BaseUri);

        var revoked = await AdminCaller.FaultAsync(host.BaseUri, new { kind = "revokeGrant", email = caller.User!.Email });
        var answer = await caller.ListAsync();

        Assert.Equal(HttpStatusCode.OK, revoked.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
    }

    [Fact]
    public async Task Reset_ForgetsUsersAndEvents()
    {
        await using var host = await StartAsync();
        using var caller = await CalendarCaller.ForNewUserAsync(host.BaseUri);
        await caller.InsertAsync(CalendarCaller.Timed("reset0001", "2026-05-04T10:00:00", "2026-05-04T11:00:00"));

        var reset = await AdminCaller.PostAsync(host.BaseUri, "emulator/reset");
        var answer = await caller.ListAsync();
        var recreated = await EmulatorFixture.CreateUserAsync(host.BaseUri, caller.User!.Email, scope: EmulatorFixture.FullScope, cancellationToken: TestContext.Current.CancellationToken);
        using var again = new CalendarCaller(host.BaseUri, recreated.AccessToken);

        Assert.Equal(HttpStatusCode.NoContent, reset.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Empty((await again.ListAsync("showDeleted=true")).Items);
    }

    private static Task<EmulatorHost> StartAsync() => EmulatorHost.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    private static async Task<JsonNode> StatsAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonNode>("emulator/faults/stats", TestContext.Current.CancellationToken))!;
}
