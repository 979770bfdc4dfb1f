using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Scenarios;
using CalendarSync.Emulator;
using CalendarSync.Testing;

namespace CalendarSync.Azure.Tests.Scenarios;

/// <summary>
/// Google's refusals that are not failures, as the engine meets them on Azurite and its own emulator (faults strike
/// every caller of one): "Calendar usage limits exceeded" pauses writes for hours, and a write refused for one event
/// (the staff member is not its organiser) leaves that event and lets the run go on.
/// </summary>
public sealed class GoogleRefusalsTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Start = new(2026, 10, 20, 6, 0, 0, TimeSpan.Zero);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_QuotaExceeded_PausesWritesWithoutRetryPullsMeanwhileAndWritesAfterThePause()
    {
        await using var host = await EmulatorHost.StartAsync(cancellationToken: Cancel);
        await using var world = await AzureSyncWorld.CreateAsync(azurite, host.BaseUri, Start, Cancel);
        var options = Options();
        var connection = new CalendarConnection(world.Staff.Id, world.Staff.Email);
        await world.Local.SaveAsync(Appointment(world, "a1", day: 2), Cancel);
        await InjectAsync(host, new { kind = "quotaExceeded", path = "/calendar/v3/*", method = "POST" });

        var limited = await RunAsync(world, options, connection);
        var paused = (await world.State.GetControlAsync(world.Staff.Id, Cancel)).State.WritesPausedUntil;

        Assert.Equal(SyncOutcome.UsageLimited, limited.Outcome);
        Assert.Contains("Calendar usage limits exceeded", limited.Message, StringComparison.Ordinal);
        Assert.Equal(world.Clock.GetUtcNow() + options.UsageLimitPause, paused);
        Assert.Equal(1, await StruckAsync(host, "quotaExceeded"));

        // Google's limit lifts on Google's schedule, not ours: the next runs within the pause write nothing, and pull.
        await ClearFaultsAsync(host);
        await world.StaffCalendar.AddEventAsync(StaffEvent(world, day: 3), Cancel);
        world.Clock.Advance(TimeSpan.FromHours(1));
        var during = await RunAsync(world, options, connection);

        Assert.Equal(SyncOutcome.UsageLimited, during.Outcome);
        Assert.Equal(1, during.Imported);
        Assert.Equal(0, during.Created);
        Assert.DoesNotContain(await world.StaffCalendar.ListLiveEventsAsync(Cancel), e => EventIds.OwnKey(e) is not null);

        world.Clock.Advance(options.UsageLimitPause);
        var after = await RunAsync(world, options, connection);

        Assert.Equal(SyncOutcome.Succeeded, after.Outcome);
        Assert.Equal(1, after.Created);
        Assert.Contains(await world.StaffCalendar.ListLiveEventsAsync(Cancel), e => EventIds.OwnKey(e) == new ItemKey(ItemKind.Appointment, "a1"));
    }

    [Fact]
    public async Task Run_UpdateRefusedForNonOrganizer_RecordsTheConflictWritesTheRestAndDoesNotAskAgain()
    {
        await using var host = await EmulatorHost.StartAsync(cancellationToken: Cancel);
        await using var world = await AzureSyncWorld.CreateAsync(azurite, host.BaseUri, Start, Cancel);
        var options = Options();
        var connection = new CalendarConnection(world.Staff.Id, world.Staff.Email);
        await world.Local.SaveAsync(Appointment(world, "a1", day: 2), Cancel);
        await world.Local.SaveAsync(Appointment(world, "a2", day: 3), Cancel);
        Assert.Equal(SyncOutcome.Succeeded, (await RunAsync(world, options, connection)).Outcome);

        var refusedKey = new ItemKey(ItemKind.Appointment, "a1");
        await InjectAsync(host, new { kind = "forbiddenForNonOrganizer", path = $"/calendar/v3/calendars/*/events/{EventIds.For(refusedKey)}" });
        await world.Local.SaveAsync(Appointment(world, "a1", day: 4), Cancel);
        await world.Local.SaveAsync(Appointment(world, "a2", day: 5), Cancel);
        var refused = await RunAsync(world, options, connection);
        var again = await RunAsync(world, options, connection);

        Assert.Equal(SyncOutcome.Succeeded, refused.Outcome);
        Assert.Equal(1, refused.Updated);
        var conflict = Assert.Single(refused.Conflicts);
        Assert.Equal((refusedKey, ConflictResolution.GoogleRefusedWrite), (conflict.Key, conflict.Resolution));
        Assert.Contains("Shared properties can only be changed by the organizer", conflict.What, StringComparison.Ordinal);
        Assert.Equal(SyncOutcome.Succeeded, again.Outcome);
        Assert.Equal((0, 0), (again.Updated, again.Conflicts.Count));
        Assert.Equal(1, await StruckAsync(host, "forbiddenForNonOrganizer"));
    }

    private static StaffSyncOptions Options() => new() { BusinessTimeZone = "Europe/Berlin", PageSize = 3 };

    private static Task<SyncRunResult> RunAsync(AzureSyncWorld world, StaffSyncOptions options, CalendarConnection connection) =>
        new StaffSync(world.Data, world.State, world.Clock, options, EventRendering.Default).RunAsync(world.Staff, connection, world.Calendar, Cancel);

    private static Appointment Appointment(AzureSyncWorld world, string id, int day)
    {
        var start = SyncScenarioRunner.LocalInstant(DateOnly.FromDateTime(Start.UtcDateTime).AddDays(day), 10, world.Staff.TimeZone);
        return new Appointment(id, world.Staff.Id, Period.Timed(start, start.AddHours(1)), "Customer", "Haircut", null);
    }

    private static CalendarEvent StaffEvent(AzureSyncWorld world, int day)
    {
        var start = SyncScenarioRunner.LocalInstant(DateOnly.FromDateTime(Start.UtcDateTime).AddDays(day), 13, world.Staff.TimeZone);
        return new CalendarEvent
        {
            Id = string.Empty,
            Summary = "Dentist",
            Start = EventDateTime.ForInstant(start, world.Staff.TimeZone),
            End = EventDateTime.ForInstant(start.AddHours(1), world.Staff.TimeZone),
        };
    }

    private static async Task InjectAsync(EmulatorHost host, object fault)
    {
        using var http = new HttpClient { BaseAddress = host.BaseUri };
        using var answer = await http.PostAsJsonAsync("emulator/faults", fault, Cancel);
        answer.EnsureSuccessStatusCode();
    }

    private static async Task ClearFaultsAsync(EmulatorHost host)
    {
        using var http = new HttpClient { BaseAddress = host.BaseUri };
        using var answer = await http.DeleteAsync(new Uri("emulator/faults", UriKind.Relative), Cancel);
        answer.EnsureSuccessStatusCode();
    }

    private static async Task<long> StruckAsync(EmulatorHost host, string kind)
    {
        using var http = new HttpClient { BaseAddress = host.BaseUri };
        var stats = await http.GetFromJsonAsync<JsonObject>("emulator/faults/stats", Cancel);
        return stats?["struck"]?[kind]?.GetValue<long>() ?? 0;
    }
}
