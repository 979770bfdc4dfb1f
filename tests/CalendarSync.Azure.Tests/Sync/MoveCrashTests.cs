using CalendarSync.Azure.Tests.Scenarios;
using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Testing;

namespace CalendarSync.Azure.Tests.Sync;

/// <summary>
/// Our events moving to a new write calendar, on Azurite and the emulator, with the run killed right after each of its
/// calls in turn and each next run going on from what the last left: after every kill each appointment's event is in
/// exactly one of the two calendars (never two, never none), and at the end all are in the new one.
/// </summary>
public sealed class MoveCrashTests(AzuriteFixture azurite, EmulatorFixture emulator)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MoveToANewWriteCalendar_KilledAfterEachCall_EachEventInExactlyOneCalendar_AllMovedAtTheEnd()
    {
        var now = DateTimeOffset.UtcNow;
        await using var world = await AzureSyncWorld.CreateAsync(
            azurite, emulator, now, Token, scope: EmulatorFixture.ProductScopes + " " + EmulatorFixture.AppCreatedScope);
        var appointments = new List<ItemKey>();
        for (var i = 0; i < 7; i++)
        {
            var start = now.Date.AddDays(2 + i).AddHours(9);
            appointments.Add((await world.Local.SaveAsync(new Appointment($"a{i}", world.Staff.Id, Period.Timed(start, start.AddHours(1)), "Bo", "Visit"), Token)).Key);
        }

        var options = new StaffSyncOptions { BusinessTimeZone = "Europe/Berlin", PageSize = 2 };
        var connection = new CalendarConnection(world.Staff.Id, world.Staff.Email);
        Assert.Equal(SyncOutcome.Succeeded, (await new StaffSync(world.Data, world.State, world.Clock, options, EventRendering.Default)
            .RunAsync(world.Staff, connection, world.Calendar, Token)).Outcome);
        var bookings = await world.CreateCalendarAsync("Bookings", Token);
        connection = connection with { WriteCalendarId = bookings };

        var kills = await KilledRuns.EachAsync(world, connection, options, async when =>
        {
            var (inPrimary, inBookings) = await OursAsync(world, bookings);
            foreach (var key in appointments)
            {
                var places = inPrimary.Count(k => k == key) + inBookings.Count(k => k == key);
                Assert.True(places == 1, $"{key} {when}: in {places} places.");
            }
        }, Token);

        var (primaryAtEnd, bookingsAtEnd) = await OursAsync(world, bookings);
        Assert.True(kills > 5, $"Only {kills} runs were killed.");
        Assert.Empty(primaryAtEnd);
        Assert.Equal(appointments.OrderBy(k => k.ToString(), StringComparer.Ordinal), bookingsAtEnd.OrderBy(k => k.ToString(), StringComparer.Ordinal));
    }

    /// <summary>The items whose events are live in the primary and in the new calendar, once per event.</summary>
    private static async Task<(List<ItemKey> Primary, List<ItemKey> Bookings)> OursAsync(AzureSyncWorld world, string bookings)
    {
        static List<ItemKey> Ours(IEnumerable<CalendarEvent> events) => [.. events.Select(EventIds.OwnKey).OfType<ItemKey>()];
        return (Ours(await world.StaffCalendar.ListLiveEventsAsync(Token)), Ours(await world.ListLiveEventsAsync(bookings, Token)));
    }
}
