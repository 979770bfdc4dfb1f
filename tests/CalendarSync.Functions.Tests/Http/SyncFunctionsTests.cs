using System.Text.Json;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Functions.Http;
using CalendarSync.Testing;
using Microsoft.AspNetCore.Mvc;

namespace CalendarSync.Functions.Tests.Http;

/// <summary>sync-status and the manual sync, over the real connection store and queue in Azurite.</summary>
public sealed class SyncFunctionsTests(AzuriteFixture azurite, EmulatorFixture emulator) : IDisposable
{
    private readonly FunctionApp _app = new(azurite, emulator);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task SyncStatus_Connections_ArePagedWithoutTokens()
    {
        var ids = Enumerable.Range(0, 3).Select(i => $"status-{Guid.NewGuid():N}"[..20] + i).ToList();
        foreach (var id in ids)
        {
            await _app.Service<IConnectionStore>().SaveAsync(Record(id), Cancel);
        }

        var seen = new List<string>();
        string? continuation = null;
        do
        {
            var result = Assert.IsType<OkObjectResult>(await _app.Function<SyncStatusFunction>().SyncStatus(
                FunctionApp.Get("/api/calendar/sync-status", ("pageSize", "2"), ("continuation", continuation))));
            var json = JsonSerializer.SerializeToNode(result.Value)!;
            Assert.All(json["items"]!.AsArray(), item => Assert.DoesNotContain(
                item!.AsObject(), p => p.Key.Contains("token", StringComparison.OrdinalIgnoreCase) || p.Key.Contains("secret", StringComparison.OrdinalIgnoreCase)));
            seen.AddRange(json["items"]!.AsArray().Select(i => (string)i!["staffId"]!));
            continuation = (string?)json["continuation"];
        }
        while (continuation is not null);

        Assert.All(ids, id => Assert.Contains(id, seen));
    }

    [Theory]
    [InlineData("pageSize", "0")]
    [InlineData("pageSize", "abc")]
    [InlineData("pageSize", "100000")]
    [InlineData("continuation", "not-one-of-ours")]
    public async Task SyncStatus_BadPaging_Is400(string name, string value)
    {
        var result = Assert.IsType<ObjectResult>(await _app.Function<SyncStatusFunction>().SyncStatus(
            FunctionApp.Get("/api/calendar/sync-status", (name, value))));

        Assert.Equal(400, result.StatusCode);
        Assert.Equal(name, Assert.IsType<ProblemDetails>(result.Value).Extensions["field"]);
    }

    [Fact]
    public async Task RequestSync_OneStaffMember_Queues202()
    {
        var id = "manual-" + Guid.NewGuid().ToString("N")[..10];
        await _app.Service<IConnectionStore>().SaveAsync(Record(id), Cancel);

        var result = Assert.IsType<AcceptedResult>(await _app.Function<ManualSyncFunction>().RequestSync(
            FunctionApp.Post("/api/calendar/sync", $$"""{"staffId":"{{id}}"}""")));

        Assert.Equal(202, result.StatusCode);
        Assert.Contains(await _app.QueuedAsync(Cancel), m => (string?)m["staffId"] == id && (string?)m["reason"] == "manual");
    }

    [Theory]
    [InlineData("""{"staffId":"nobody-here"}""", 404)]
    [InlineData("""{"staffId":"../x"}""", 400)]
    [InlineData("""{"staffId":42}""", 400)]
    [InlineData("""{"staff":"x"}""", 400)]
    [InlineData("""not json""", 400)]
    [InlineData("""["x"]""", 400)]
    public async Task RequestSync_BadOrUnknown_IsClearError(string body, int status)
    {
        var result = Assert.IsType<ObjectResult>(await _app.Function<ManualSyncFunction>().RequestSync(FunctionApp.Post("/api/calendar/sync", body)));

        Assert.Equal(status, result.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RequestSync_BodyOverTheLimit_Is413WhetherOrNotItsLengthIsDeclared(bool declared)
    {
        var request = FunctionApp.Post("/api/calendar/sync", $$"""{"staffId":"{{new string('a', 5000)}}"}""");
        if (!declared)
        {
            request.ContentLength = null;
        }

        using var app = new FunctionApp(azurite, emulator, "manual-" + Guid.NewGuid().ToString("N")[..12]);

        var result = Assert.IsType<ObjectResult>(await app.Function<ManualSyncFunction>().RequestSync(request));

        Assert.Equal(413, result.StatusCode);
        Assert.Contains("application/problem+json", result.ContentTypes);
        Assert.Empty(await app.QueuedAsync(Cancel));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n")]
    [InlineData("{}")]
    [InlineData("""{"staffId":null}""")]
    public async Task RequestSync_NoStaffMember_QueuesEveryone(string body)
    {
        // A queue of its own: everyone is every enabled connection any test stored.
        using var app = new FunctionApp(azurite, emulator, "manual-" + Guid.NewGuid().ToString("N")[..12]);

        var result = Assert.IsType<AcceptedResult>(await app.Function<ManualSyncFunction>().RequestSync(FunctionApp.Post("/api/calendar/sync", body)));

        Assert.Equal(202, result.StatusCode);
    }

    private static ConnectionRecord Record(string staffId) => new()
    {
        Connection = new CalendarConnection(staffId, $"{staffId}@example.com"),
        TimeZoneId = "Europe/Berlin",
        Email = $"{staffId}@example.com",
    };
}
