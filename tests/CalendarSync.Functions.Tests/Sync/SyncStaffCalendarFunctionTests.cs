using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;
using CalendarSync.Functions.Sync;
using CalendarSync.Testing;
using Microsoft.Azure.Functions.Worker;

namespace CalendarSync.Functions.Tests.Sync;

/// <summary>The queue function over Azurite and the emulator, with the sweep's pages of staff members.</summary>
public sealed class SyncStaffCalendarFunctionTests(AzuriteFixture azurite, EmulatorFixture emulator)
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 9, 30, 0, TimeSpan.Zero);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SyncStaffCalendar_SweepPageWithAMemberGoogleRefuses_SyncsTheOthersAndQueuesThatOneAlone()
    {
        using var app = new FunctionApp(azurite, emulator, "page-" + Guid.NewGuid().ToString("N")[..12], new FunctionAppOptions
        {
            OwnTables = true,
            Settings = new Dictionary<string, string?> { ["Sync__DeferDelay"] = "00:00:01" },
        });
        var staff = new List<(string StaffId, EmulatorUser User)>();
        for (var i = 0; i < 5; i++)
        {
            var staffId = $"page-{i}-" + Guid.NewGuid().ToString("N")[..8];
            var user = await emulator.CreateUserAsync(cancellationToken: Cancel);
            Assert.Equal(200, (await app.ConnectAsync(staffId, user.Email, Cancel)).StatusCode);
            await app.Service<IAppointmentStore>().SaveAsync(new Appointment("a1", staffId, Period.Timed(Start, Start.AddHours(1)), "Jane Doe", "Cut"), Cancel);
            staff.Add((staffId, user));
        }

        await app.TakeQueuedAsync(Cancel);
        var refused = staff[2];
        using var google = new HttpClient { BaseAddress = emulator.BaseUri };
        using (var fault = await google.PostAsJsonAsync("emulator/faults", new
        {
            kind = "forbiddenForNonOrganizer",
            path = "*" + refused.User.Email.Split('@')[0] + "*",
        }, Cancel))
        {
            fault.EnsureSuccessStatusCode();
        }

        await app.Function<ScheduleSyncsFunction>().ScheduleSyncs(new TimerInfo(), Cancel);
        var page = Assert.Single(await app.TakeQueuedAsync(Cancel));
        Assert.Equal(staff.Select(s => s.StaffId).Order(), SyncRequestPage.Parse(page).Requests.Select(r => r.StaffId).Order());

        // Does not throw: the page is deleted by the host, and the refused member is not the page's failure.
        await app.Function<SyncStaffCalendarFunction>().SyncStaffCalendar(page, Cancel);

        foreach (var (staffId, user) in staff.Where(s => s != refused))
        {
            Assert.Single(await EventsAsync(google, user), e => (string?)e["summary"] == "Appointment");
            Assert.Equal(SyncOutcome.Succeeded, (await app.Service<IConnectionStore>().GetAsync(staffId, Cancel))!.Connection.LastOutcome);
        }

        Assert.Empty(await EventsAsync(google, refused.User));
        Assert.Equal(SyncOutcome.Failed, (await app.Service<IConnectionStore>().GetAsync(refused.StaffId, Cancel))!.Connection.LastOutcome);
        var requeued = await NextQueuedAsync(app);
        Assert.Equal(new SyncRequest(refused.StaffId, SyncReason.Schedule, SyncRequestPage.Parse(page).RequestedAt), SyncRequest.Parse(requeued));
        Assert.Empty(await app.TakeQueuedAsync(Cancel));
        await app.PoisonQueue.CreateIfNotExistsAsync(cancellationToken: Cancel);
        Assert.Empty((await app.PoisonQueue.PeekMessagesAsync(32, Cancel)).Value);

        // Alone, its failure is its own message's: the host retries it and poisons it after maxDequeueCount tries.
        var thrown = await Assert.ThrowsAsync<SyncException>(() => app.Function<SyncStaffCalendarFunction>().SyncStaffCalendar(requeued, Cancel));
        Assert.Equal((refused.StaffId, SyncErrorKind.GoogleRejected), (thrown.Result.StaffId, thrown.Result.Error));
    }

    private static async Task<List<JsonNode>> EventsAsync(HttpClient google, EmulatorUser user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "calendar/v3/calendars/primary/events");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        using var answer = await google.SendAsync(request, Cancel);
        answer.EnsureSuccessStatusCode();
        return [.. (await answer.Content.ReadFromJsonAsync<JsonNode>(Cancel))!["items"]!.AsArray().Select(e => e!)];
    }


    /// <summary>The one message that becomes visible within a few seconds (a requeued member waits Sync__DeferDelay).</summary>
    private static async Task<string> NextQueuedAsync(FunctionApp app)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until)
        {
            if (await app.TakeQueuedAsync(Cancel) is { Count: > 0 } taken)
            {
                return Assert.Single(taken);
            }

            await Task.Delay(200, Cancel);
        }

        throw new TimeoutException("Nothing was queued again within 10 s.");
    }
}
