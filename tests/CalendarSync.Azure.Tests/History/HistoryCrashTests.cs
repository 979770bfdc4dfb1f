using CalendarSync.Azure.Data;
using CalendarSync.Azure.Sync;
using CalendarSync.Azure.Tests.Scenarios;
using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.History;
using CalendarSync.Core.Sync;
using CalendarSync.Testing;

namespace CalendarSync.Azure.Tests.History;

/// <summary>
/// Runs on Azurite and the emulator killed right after each of their calls in turn, each next run going on from what the
/// last left: after every kill, every status and Google-origin block has its history entry and every entry its write.
/// </summary>
public sealed class HistoryCrashTests(AzuriteFixture azurite, EmulatorFixture emulator)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunKilledAfterEachCall_HistoryAndWritesNeverDisagreeAndEachEventIsCreatedOnce()
    {
        var now = DateTimeOffset.UtcNow;
        var world = await AzureSyncWorld.CreateAsync(azurite, emulator, now, Token);
        var zone = world.Staff.TimeZone;
        var appointments = new List<ItemKey>();
        for (var i = 0; i < 5; i++)
        {
            var start = now.Date.AddDays(2 + i).AddHours(9);
            var saved = await world.Local.SaveAsync(
                new Appointment($"a{i}", world.Staff.Id, Period.Timed(start, start.AddHours(1)), "Bo", "Visit"), Token);
            appointments.Add(saved.Key);
        }

        var events = new List<ItemKey>();
        for (var i = 0; i < 3; i++)
        {
            var start = new DateTimeOffset(now.Date.AddDays(3 + i).AddHours(14), TimeSpan.Zero);
            var id = await world.StaffCalendar.AddEventAsync(new CalendarEvent
            {
                Id = string.Empty, Summary = $"Dentist {i}", Start = EventDateTime.ForInstant(start, zone), End = EventDateTime.ForInstant(start.AddHours(1), zone),
            }, Token);
            events.Add(BlockedSlot.KeyForGoogleEvent(id));
        }

        var options = new StaffSyncOptions { BusinessTimeZone = "Europe/Berlin", PageSize = 2 };
        var connection = new CalendarConnection(world.Staff.Id, world.Staff.Email);
        var kills = await KilledRuns.EachAsync(world, connection, options, when => AssertAgreeAsync(world, appointments, events, when), Token);

        Assert.True(kills > 10, $"Only {kills} runs were killed.");
        var history = (IItemHistorySource)world.State;
        foreach (var key in appointments)
        {
            var created = (await history.ReadHistoryAsync(world.Staff.Id, key, 50, Token)).Where(e => e.Action == ItemHistoryAction.EventCreated);
            Assert.Single(created);
        }

        Assert.Equal(5, (await world.StaffCalendar.ListLiveEventsAsync(Token)).Count(e => EventIds.OwnKey(e) is not null));
    }

    /// <summary>Each appointment has a status exactly when it has a creation entry; each Google event a block exactly when it has an import entry.</summary>
    private static async Task AssertAgreeAsync(AzureSyncWorld world, List<ItemKey> appointments, List<ItemKey> events, string when)
    {
        var state = (TableSyncStateStore)world.State;
        var data = (TableAppointmentData)world.Data;
        foreach (var key in appointments)
        {
            var hasStatus = await state.GetItemAsync(world.Staff.Id, key, Token) is not null;
            var created = (await state.ReadHistoryAsync(world.Staff.Id, key, 50, Token)).Any(e => e.Action == ItemHistoryAction.EventCreated);
            Assert.True(hasStatus == created, $"{key} {when}: status {hasStatus}, creation entry {created}.");
        }

        var blocks = (await data.ListGoogleBlocksAsync(world.Staff.Id, null, 100, Token)).Items.Select(b => b.Key).ToHashSet();
        foreach (var key in events)
        {
            var imported = (await data.ReadHistoryAsync(world.Staff.Id, key, 50, Token)).Any(e => e.Action == ItemHistoryAction.BlockImported);
            Assert.True(blocks.Contains(key) == imported, $"{key} {when}: block {blocks.Contains(key)}, import entry {imported}.");
        }
    }
}
