using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Tests.Sync;

public sealed class StaffSyncPushTests
{
    private static readonly ItemKey A1 = new(ItemKind.Appointment, "a1");

    [Fact]
    public async Task Push_NewAppointment_InsertsOneEventUnderItsDeterministicIdWithKeyAndVersion()
    {
        var testbed = new SyncTestbed();
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));

        var result = await testbed.SyncAsync();

        var calendarEvent = Assert.Single(await testbed.LiveEventsAsync());
        Assert.Equal(EventIds.For(A1), calendarEvent.Id);
        Assert.Equal("Appointment", calendarEvent.Summary);
        Assert.Equal("appointment:a1", calendarEvent.PrivateProperties[EventIds.KeyProperty]);
        Assert.Equal("1", calendarEvent.PrivateProperties[EventIds.VersionProperty]);
        Assert.Equal(1, result.Created);
    }

    [Fact]
    public async Task Push_AppointmentsEitherSideOfTheDstChange_KeepTheirLocalTimes()
    {
        var testbed = new SyncTestbed();
        await testbed.AppointmentAsync("a1", testbed.At(10, 24, 10));
        await testbed.AppointmentAsync("a2", testbed.At(10, 26, 10));

        await testbed.SyncAsync();

        var before = (await testbed.EventOfAsync(A1))!.Start!.DateTime!.Value;
        var after = (await testbed.EventOfAsync(new ItemKey(ItemKind.Appointment, "a2")))!.Start!.DateTime!.Value;
        Assert.Equal((10, TimeSpan.FromHours(2)), (before.Hour, before.Offset));
        Assert.Equal((10, TimeSpan.FromHours(1)), (after.Hour, after.Offset));
    }

    [Fact]
    public async Task Push_MovedAppointment_UpdatesItsEvent()
    {
        var testbed = new SyncTestbed();
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.SyncAsync();
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 15));

        var result = await testbed.SyncAsync();

        Assert.Equal(1, result.Updated);
        Assert.Equal(testbed.At(11, 2, 15), (await testbed.EventOfAsync(A1))!.Start!.DateTime);
    }

    [Fact]
    public async Task Push_CancelledAppointment_DeletesItsEvent()
    {
        var testbed = new SyncTestbed();
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.SyncAsync();
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10), status: AppointmentStatus.Cancelled);

        var result = await testbed.SyncAsync();

        Assert.Equal(1, result.Deleted);
        Assert.Empty(await testbed.LiveEventsAsync());
    }

    [Fact]
    public async Task Push_DeletedItem_DeletesItsEventThroughTheTombstone()
    {
        var testbed = new SyncTestbed();
        await testbed.SaveAsync(new BlockedSlot("b1", "s1", Period.Timed(testbed.At(11, 2, 12), testbed.At(11, 2, 13)), BlockOrigin.Local, "Lunch"));
        await testbed.SyncAsync();
        await testbed.DeleteAsync(new ItemKey(ItemKind.Block, "b1"));

        var result = await testbed.SyncAsync();

        Assert.Equal(1, result.Deleted);
        Assert.Empty(await testbed.LiveEventsAsync());
    }

    [Fact]
    public async Task Push_ClosureAndAllDayException_BecomeAllDayEventsWithExclusiveEnd()
    {
        var testbed = new SyncTestbed();
        await testbed.SaveAsync(new BusinessClosure("c1", new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 27), "Christmas"));
        await testbed.SaveAsync(new AvailabilityException("x1", "s1", Period.AllDay(new DateOnly(2026, 10, 25), new DateOnly(2026, 10, 26))));

        await testbed.SyncAsync();

        var closure = (await testbed.EventOfAsync(new ItemKey(ItemKind.Closure, "c1")))!;
        var exception = (await testbed.EventOfAsync(new ItemKey(ItemKind.Exception, "x1")))!;
        Assert.Equal((new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 27)), (closure.Start!.Date, closure.End!.Date));
        Assert.Equal((new DateOnly(2026, 10, 25), new DateOnly(2026, 10, 26)), (exception.Start!.Date, exception.End!.Date));
    }

    [Fact]
    public async Task Push_InsertFindsTheIdTaken_UpdatesInsteadOfDuplicating()
    {
        var testbed = new SyncTestbed();
        var appointment = await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        var stale = testbed.Rendering.Render(appointment, testbed.Staff.TimeZone) with { Summary = "Left by a run that died" };
        await testbed.Google.WriteAsync([EventWrite.Insert(stale)], TestContext.Current.CancellationToken);

        var result = await testbed.SyncAsync();

        var calendarEvent = Assert.Single(await testbed.LiveEventsAsync());
        Assert.Equal("Appointment", calendarEvent.Summary);
        Assert.Equal((0, 1), (result.Created, result.Updated));
    }

    [Fact]
    public async Task Push_RetriedInsertOfAnEventAlreadyRight_WritesNothingToGoogle()
    {
        var testbed = new SyncTestbed();
        var appointment = await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.Google.WriteAsync([EventWrite.Insert(testbed.Rendering.Render(appointment, testbed.Staff.TimeZone))], TestContext.Current.CancellationToken);

        var result = await testbed.SyncAsync();

        Assert.Single(await testbed.LiveEventsAsync());
        Assert.Equal(0, result.Created + result.Updated);
    }

    [Fact]
    public async Task Push_ItemOutsideTheWindow_IsSkippedWithItsReason()
    {
        var testbed = new SyncTestbed();
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10).AddYears(2));

        var result = await testbed.SyncAsync();

        Assert.Empty(await testbed.LiveEventsAsync());
        Assert.Equal(1, result.Skipped[SkipReason.OutsideWindow]);
    }

    [Fact]
    public async Task Push_UnchangedItemReachedByTheMovingWindow_IsPushedThen()
    {
        var testbed = new SyncTestbed();
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10).AddDays(370));
        await testbed.SyncAsync();
        Assert.Empty(await testbed.LiveEventsAsync());

        testbed.World.Clock.Advance(TimeSpan.FromDays(20));
        var result = await testbed.SyncAsync();

        Assert.Equal(1, result.Created);
        Assert.Single(await testbed.LiveEventsAsync());
        Assert.Equal(0, (await testbed.SyncAsync()).Writes);
    }

    [Fact]
    public async Task Push_AppointmentMovedOutOfTheWindow_DeletesItsEvent()
    {
        var testbed = new SyncTestbed();
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.SyncAsync();
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10).AddYears(2));

        await testbed.SyncAsync();

        Assert.Empty(await testbed.LiveEventsAsync());
    }

    [Fact]
    public async Task Push_120NewItems_GoInBatchesOfAtMost50()
    {
        var testbed = new SyncTestbed(o => o.PageSize = 120);
        for (var i = 0; i < 120; i++)
        {
            await testbed.AppointmentAsync($"a{i}", testbed.At(11, 2, 7).AddMinutes(5 * i), 5);
        }

        var result = await testbed.SyncAsync();

        Assert.Equal(120, result.Created);
        Assert.Equal(3, testbed.Google.WriteCalls);
    }

    [Fact]
    public async Task FirstSync_500AppointmentsWithTheDefaultPageSize_TakesAtMost15GoogleCalls()
    {
        // The bench's first push (docs/benchmarks.md): ten batches of writes, then the full listing that reads them back.
        var testbed = new SyncTestbed(o => o.PageSize = new StaffSyncOptions().PageSize);
        for (var i = 0; i < 500; i++)
        {
            await testbed.AppointmentAsync($"a{i}", testbed.At(11, 2, 7).AddDays(i / 10).AddMinutes(45 * (i % 10)), 30);
        }

        var result = await testbed.SyncAsync();

        Assert.Equal(500, result.Created);
        Assert.Equal(10, testbed.Google.WriteCalls);
        Assert.InRange(testbed.LastCalls.GoogleCalls, 11, 15);
    }

    [Fact]
    public async Task Push_PullOnlyConnection_WritesNothingToTheCalendar()
    {
        var testbed = new SyncTestbed(direction: SyncDirection.PullOnly);
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));

        await testbed.SyncAsync();

        Assert.Empty(await testbed.LiveEventsAsync());
        Assert.Equal(0, testbed.Google.WriteCalls);
    }
}
