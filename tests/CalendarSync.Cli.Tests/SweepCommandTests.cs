using System.Text.Json;
using CalendarSync.Core.Runs;
using CalendarSync.Emulator;
using CalendarSync.Testing;

namespace CalendarSync.Cli.Tests;

public sealed class SweepCommandTests(AzuriteFixture azurite, EmulatorFixture emulator)
{
    [Fact]
    public async Task Sweep_ConnectedStaff_PushesAppointmentsImportsBusyGoogleEventsAndEmptiesTheQueue()
    {
        using var calsync = Calsync.On(azurite, emulator);
        var staffId = await calsync.ConnectNewStaffAsync();
        var day = DateTime.UtcNow.Date.AddDays(3);
        (await calsync.RunAsync("appointments", "put", staffId, "a1", "--start", $"{day:yyyy-MM-dd}T09:00:00Z", "--end", $"{day:yyyy-MM-dd}T10:00:00Z", "--customer", "Ada")).AssertSucceeded();
        var dentist = await calsync.AddGoogleEventAsync(staffId, new
        {
            summary = "Dentist",
            start = new { dateTime = $"{day:yyyy-MM-dd}T14:00:00Z" },
            end = new { dateTime = $"{day:yyyy-MM-dd}T15:00:00Z" },
        });

        var sweep = (await calsync.RunAsync("sweep", "--json")).AssertSucceeded().Json();

        var rows = sweep.EnumerateArray().Where(r => r.GetProperty("staffId").GetString() == staffId).ToList();
        Assert.Contains(rows, r => r.GetProperty("outcome").GetString() == "Succeeded" && r.GetProperty("created").GetInt32() == 1);
        var ours = (await calsync.GoogleEventsAsync(staffId)).Where(e => e.TryGetProperty("extendedProperties", out _)).ToList();
        Assert.Single(ours);
        Assert.Equal($"{day:yyyy-MM-dd}T09:00:00Z", ours[0].GetProperty("start").GetProperty("dateTime").GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        var blocks = (await calsync.RunAsync("blocks", "list", staffId, "--json")).AssertSucceeded().Json();
        var block = Assert.Single(blocks.EnumerateArray());
        Assert.Equal("Google", block.GetProperty("origin").GetString());
        Assert.Equal(dentist, block.GetProperty("googleEventId").GetString());
        // The connect's request and the sweep's ran side by side: one ran, the other was skipped or deferred (invisible).
        Assert.Empty((await calsync.Queue.PeekMessagesAsync(32, TestContext.Current.CancellationToken)).Value);
    }

    [Fact]
    public async Task Sweep_PageWithAMemberGoogleRefuses_ARowPerStaffMemberAndThatOneQueuedAloneNotThePagePoisoned()
    {
        using var calsync = new Calsync(azurite.ConnectionString, emulator.BaseUri, new Dictionary<string, string>
        {
            ["AzureFunctionsJobHost__extensions__queues__maxDequeueCount"] = "1",
            ["Sync__DeferDelay"] = "00:00:01",
        });
        var staff = new[] { await calsync.ConnectNewStaffAsync(), await calsync.ConnectNewStaffAsync(), await calsync.ConnectNewStaffAsync() };
        (await calsync.RunAsync("sweep", "--json")).AssertSucceeded();

        // A connect's request that met the sweep's run was deferred and would come back in the sweep under test.
        await calsync.Queue.ClearMessagesAsync(TestContext.Current.CancellationToken);
        var refused = staff[1];
        using (var http = new HttpClient { BaseAddress = emulator.BaseUri })
        {
            // Only this staff member's calendar: the emulator is shared.
            using var fault = await http.PostAsync(
                "emulator/faults",
                new StringContent($$"""{"kind":"forbiddenForNonOrganizer","path":"*{{refused}}*"}""", System.Text.Encoding.UTF8, "application/json"),
                TestContext.Current.CancellationToken);
            fault.EnsureSuccessStatusCode();
        }

        var result = await calsync.RunAsync("sweep", "--json");

        Assert.Equal(1, result.ExitCode);
        var rows = result.Json().EnumerateArray().ToList();
        foreach (var staffId in staff.Where(s => s != refused))
        {
            Assert.Equal("Succeeded", Assert.Single(rows, r => r.GetProperty("staffId").GetString() == staffId).GetProperty("outcome").GetString());
        }

        var failed = Assert.Single(rows, r => r.GetProperty("staffId").GetString() == refused);
        Assert.Equal("Failed", failed.GetProperty("outcome").GetString());
        Assert.Contains("queued again alone", failed.GetProperty("note").GetString(), StringComparison.Ordinal);

        // The page was deleted, not poisoned (one try allowed here); its refused member waits alone on the queue, a
        // scheduled request of its own, visible after Sync__DeferDelay.
        Assert.Empty((await calsync.Poison.PeekMessagesAsync(32, TestContext.Current.CancellationToken)).Value);
        var requeued = new List<SyncRequest>();
        for (var look = 0; look < 50 && requeued.Count == 0; look++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            requeued.AddRange((await calsync.Queue.PeekMessagesAsync(32, TestContext.Current.CancellationToken)).Value
                .Select(m => SyncRequestPage.Parse(m.Body.ToString()))
                .Where(p => p.IsSingleRequest && p.Requests[0].StaffId == refused)
                .Select(p => p.Requests[0]));
        }

        Assert.Equal(SyncReason.Schedule, Assert.Single(requeued).Reason);

        // Disabled, so other tests' sweeps do not try a calendar that Google refuses.
        (await calsync.RunAsync("disconnect", refused)).AssertSucceeded();
    }

    [Fact]
    public async Task Sweep_MalformedMessage_GoesToThePoisonQueueAtOnce()
    {
        using var calsync = Calsync.On(azurite, emulator);
        await calsync.Queue.CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);
        await calsync.Queue.SendMessageAsync("{\"version\":1,\"staffId\":\"x\"}", TestContext.Current.CancellationToken);

        var result = await calsync.RunAsync("sweep", "--json");

        Assert.Contains("Malformed", result.Output, StringComparison.Ordinal);
        var poisoned = (await calsync.Poison.ReceiveMessagesAsync(32, cancellationToken: TestContext.Current.CancellationToken)).Value;
        Assert.Equal("{\"version\":1,\"staffId\":\"x\"}", Assert.Single(poisoned).MessageText);
        Assert.Equal(0, (await calsync.Queue.GetPropertiesAsync(TestContext.Current.CancellationToken)).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Sweep_MessageThatKeepsThrowing_IsRetriedThroughTheQueueThenPoisoned()
    {
        // Its own emulator: the fault would hit every other test's calendar calls.
        await using var google = await EmulatorHost.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var calsync = new Calsync(azurite.ConnectionString, google.BaseUri, new Dictionary<string, string>
        {
            ["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = "00:00:00",
            ["AzureFunctionsJobHost__extensions__queues__maxDequeueCount"] = "3",
        });
        var staffId = await calsync.ConnectNewStaffAsync();
        using (var http = new HttpClient { BaseAddress = google.BaseUri })
        {
            using var fault = await http.PostAsync(
                "emulator/faults",
                new StringContent("""{"kind":"backendError","path":"/calendar/v3/calendars/*"}""", System.Text.Encoding.UTF8, "application/json"),
                TestContext.Current.CancellationToken);
            fault.EnsureSuccessStatusCode();
        }

        // One message, the sweep's: three tries (visible again at once here), then the poison queue.
        await calsync.Queue.ClearMessagesAsync(TestContext.Current.CancellationToken);
        var result = await calsync.RunAsync("sweep", "--staff", staffId, "--json");

        Assert.Equal(1, result.ExitCode);
        var outcomes = result.Json().EnumerateArray().Select(r => r.GetProperty("outcome").GetString()).ToList();
        Assert.Equal(["Retrying (1 of the allowed tries)", "Retrying (2 of the allowed tries)", "Poisoned"], outcomes);
        var poisoned = (await calsync.Poison.ReceiveMessagesAsync(32, cancellationToken: TestContext.Current.CancellationToken)).Value;
        Assert.Equal(staffId, JsonDocument.Parse(Assert.Single(poisoned).MessageText).RootElement.GetProperty("staffId").GetString());
        Assert.Equal(0, (await calsync.Queue.GetPropertiesAsync(TestContext.Current.CancellationToken)).Value.ApproximateMessagesCount);
        var log = (await calsync.RunAsync("log", staffId, "--json")).AssertSucceeded().Json();
        Assert.Equal(3, log.EnumerateArray().Count(e => e.GetProperty("outcome").GetString() == "Failed"));

        // Disabled, so other tests' sweeps do not try a calendar that lives in this emulator.
        (await calsync.RunAsync("disconnect", staffId)).AssertSucceeded();
    }
}
