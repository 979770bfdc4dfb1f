using Azure.Data.Tables;
using CalendarSync.Azure.Storage;
using CalendarSync.Azure.Sync;
using CalendarSync.Testing;

namespace CalendarSync.Cli.Tests;

public sealed class ConnectionCommandTests(AzuriteFixture azurite, EmulatorFixture emulator)
{
    [Fact]
    public async Task Connect_UnknownStaff_FailsAndConnectsNobody()
    {
        using var calsync = Calsync.On(azurite, emulator);

        var result = await calsync.RunAsync("connect", "never-added");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("calsync staff add never-added", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("never-added", (await calsync.RunAsync("status")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppointmentsPut_StaffWithoutConnection_StoresButWarnsThatNothingSyncs()
    {
        using var calsync = Calsync.On(azurite, emulator);
        var ghost = "ghost-" + Guid.NewGuid().ToString("N")[..8];

        var result = await calsync.RunAsync(
            "appointments", "put", ghost, "a1", "--start", "2026-12-03T09:00:00+01:00", "--end", "2026-12-03T10:00:00+01:00", "--customer", "Cy", "--sync-now");

        result.AssertSucceeded();
        Assert.Contains($"warning: Staff member '{ghost}' has no calendar connection", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("sync queued", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Move_ToAnotherAccount_RevokesTheOldAndConnectsTheNew()
    {
        using var calsync = Calsync.On(azurite, emulator);
        var staffId = await calsync.ConnectNewStaffAsync();
        var newAccount = $"{staffId}.new@example.com";

        var result = await calsync.RunAsync("move", staffId, "--email", newAccount);

        result.AssertSucceeded();
        Assert.Contains($"Connected {staffId} to calendar {newAccount}", result.Output, StringComparison.Ordinal);
        var status = (await calsync.RunAsync("status", "--json")).AssertSucceeded().Json();
        var row = status.EnumerateArray().Single(r => r.GetProperty("staffId").GetString() == staffId);
        Assert.Equal("Active", row.GetProperty("status").GetString());
        Assert.Equal(newAccount, row.GetProperty("calendarId").GetString());
        Assert.Equal(1, (await calsync.RunAsync("move", staffId, "--email", newAccount.ToUpperInvariant())).ExitCode);
    }

    [Fact]
    public async Task StaffAdd_InvalidTimeZone_FailsNamingIt()
    {
        using var calsync = Calsync.On(azurite, emulator);

        var result = await calsync.RunAsync("staff", "add", "zoneless", "--name", "Z", "--email", "z@example.com", "--time-zone", "Mars/Olympus");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Mars/Olympus", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppointmentsDeleteThenDisconnect_RemoveTheEventThenOurEventsAndDisable()
    {
        using var calsync = Calsync.On(azurite, emulator);
        var staffId = await calsync.ConnectNewStaffAsync();
        var day = DateTime.UtcNow.Date.AddDays(4);
        foreach (var id in new[] { "keep", "drop" })
        {
            var hour = id == "keep" ? 8 : 12;
            (await calsync.RunAsync("appointments", "put", staffId, id, "--start", $"{day:yyyy-MM-dd}T{hour:00}:00:00+01:00", "--end", $"{day:yyyy-MM-dd}T{hour:00}:45:00+01:00", "--customer", "Cy", "--title", "Cut")).AssertSucceeded();
        }

        (await calsync.RunAsync("sync", staffId)).AssertSucceeded();
        (await calsync.RunAsync("appointments", "delete", staffId, "drop", "--sync-now")).AssertSucceeded();
        var sweep = (await calsync.RunAsync("sweep", "--staff", staffId, "--json")).AssertSucceeded().Json();

        Assert.Contains(sweep.EnumerateArray(), r => r.GetProperty("deleted").GetInt32() == 1);
        var events = await calsync.GoogleEventsAsync(staffId);
        Assert.Equal(2, events.Count);
        Assert.Single(events, e => e.GetProperty("status").GetString() == "cancelled");

        (await calsync.RunAsync("disconnect", staffId, "--remove-events")).AssertSucceeded();

        Assert.All(await calsync.GoogleEventsAsync(staffId), e => Assert.Equal("cancelled", e.GetProperty("status").GetString()));
        var status = (await calsync.RunAsync("status", "--json")).AssertSucceeded().Json();
        Assert.Equal("Disabled", status.EnumerateArray().Single(r => r.GetProperty("staffId").GetString() == staffId).GetProperty("status").GetString());
        Assert.Equal(1, (await calsync.RunAsync("disconnect", "never-connected")).ExitCode);
    }

    [Fact]
    public async Task AppointmentsPut_StartWithoutOffset_FailsNamingTheFieldAndStoresNothing()
    {
        using var calsync = Calsync.On(azurite, emulator);
        var staffId = await calsync.ConnectNewStaffAsync();

        var result = await calsync.RunAsync("appointments", "put", staffId, "a1", "--start", "2026-12-01T10:00:00", "--end", "2026-12-01T11:00:00Z", "--customer", "Di");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'start' must be an ISO 8601 time with an offset", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, (await calsync.RunAsync("appointments", "delete", staffId, "a1")).ExitCode);
    }

    [Fact]
    public async Task Disconnect_WhileASyncHoldsTheLease_FailsSayingSoAndChangesNothing()
    {
        using var calsync = Calsync.On(azurite, emulator);
        var staffId = await calsync.ConnectNewStaffAsync();
        var leases = new TableSyncStateStore(new StorageTables(new TableServiceClient(calsync.Storage)), TimeProvider.System);
        var running = await leases.TryAcquireAsync(staffId, TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken);
        Assert.NotNull(running);

        var result = await calsync.RunAsync("disconnect", staffId);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("under way", result.Error, StringComparison.Ordinal);
        var status = (await calsync.RunAsync("status", "--json")).AssertSucceeded().Json();
        Assert.Equal("Active", status.EnumerateArray().Single(r => r.GetProperty("staffId").GetString() == staffId).GetProperty("status").GetString());
        await leases.ReleaseAsync(running, TestContext.Current.CancellationToken);
        (await calsync.RunAsync("disconnect", staffId)).AssertSucceeded();
    }
}
