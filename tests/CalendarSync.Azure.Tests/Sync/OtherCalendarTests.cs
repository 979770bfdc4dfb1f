using System.Net.Http.Json;
using CalendarSync.Azure.Tests.Scenarios;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Testing;

namespace CalendarSync.Azure.Tests.Sync;

/// <summary>
/// A calendar shared with the staff member and read in full, on Azurite and the emulator: its own sync token and its own
/// 410. The emulator is the test's own: its tokens expire all at once, and the shared one's are every other test's.
/// </summary>
public sealed class OtherCalendarTests(AzuriteFixture azurite)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CalendarReadInFull_ItsTokenExpired_ListedInFullAgain_BlocksMatchIt_ThenQuiet()
    {
        var now = DateTimeOffset.UtcNow;
        await using var emulator = new EmulatorFixture();
        await emulator.InitializeAsync();
        await using var world = await AzureSyncWorld.CreateAsync(azurite, emulator, now, Token);
        var day = now.UtcDateTime.Date.AddDays(4);
        var shared = await emulator.SharedCalendarAsync(world.Staff.Email, "reader", day.AddHours(9), day.AddHours(10), Token);
        var connection = new CalendarConnection(world.Staff.Id, world.Staff.Email) { ReadCalendars = OtherCalendars.Of([shared], world.Staff.Email) };
        var engine = new StaffSync(world.Data, world.State, world.Clock, new StaffSyncOptions { BusinessTimeZone = "Europe/Berlin" }, EventRendering.Default);

        var first = await engine.RunAsync(world.Staff, connection, world.Calendar, Token);
        var token = (await world.State.GetControlAsync(world.Staff.Id, Token)).State.CalendarTokens.TokenOf(shared);
        using (var http = new HttpClient { BaseAddress = emulator.BaseUri })
        {
            using var added = await http.PostAsJsonAsync($"emulator/calendars/{Uri.EscapeDataString(shared)}/events", new
            {
                summary = "Rehearsal", start = new { dateTime = $"{day.AddHours(11):yyyy-MM-ddTHH:mm:ss}Z" }, end = new { dateTime = $"{day.AddHours(12):yyyy-MM-ddTHH:mm:ss}Z" },
            }, Token);
            added.EnsureSuccessStatusCode();
        }

        await world.StaffCalendar.ExpireSyncTokensAsync(Token);
        var relisted = await engine.RunAsync(world.Staff, connection, world.Calendar, Token);
        var quiet = await engine.RunAsync(world.Staff, connection, world.Calendar, Token);

        Assert.Equal((SyncOutcome.Succeeded, 1), (first.Outcome, first.Imported));
        Assert.NotNull(token);
        Assert.Equal((SyncOutcome.Succeeded, 1), (relisted.Outcome, relisted.Imported));
        Assert.NotEqual(token, (await world.State.GetControlAsync(world.Staff.Id, Token)).State.CalendarTokens.TokenOf(shared));
        var blocks = (await world.Data.ListGoogleBlocksAsync(world.Staff.Id, null, 100, Token)).Items.OfType<BlockedSlot>().ToList();
        Assert.Equal(["Rehearsal", "School run"], blocks.Select(b => b.Summary).Order(StringComparer.Ordinal));
        Assert.All(blocks, block => Assert.StartsWith(BlockedSlot.OtherCalendarBlockPrefix(shared), block.Id, StringComparison.Ordinal));
        Assert.True(quiet.Quiet);
    }
}
