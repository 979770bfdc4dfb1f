using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Tests.Sync;

public sealed class StaffSyncRerenderTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rerender_SwitchToPrivateTemplates_RewritesTheAppointmentsAndLeavesEventsWhoseRenderingIsTheSame()
    {
        var testbed = new SyncTestbed { Rendering = Named() };
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.AppointmentAsync("a2", testbed.At(11, 3, 10), customer: "John Roe");
        await testbed.SaveAsync(new AvailabilityException("x1", testbed.Staff.Id, Period.Timed(testbed.At(11, 4, 9), testbed.At(11, 4, 17)), "Training"));
        await testbed.SyncAsync();
        var exceptionBefore = await testbed.EventOfAsync(new ItemKey(ItemKind.Exception, "x1"));

        testbed.Rendering = EventRendering.Default;
        var result = await testbed.SyncAsync();
        var again = await testbed.SyncAsync();

        Assert.Equal(2, result.Updated);
        Assert.Equal(0, again.Writes);
        var events = await testbed.LiveEventsAsync();
        Assert.Equal(["Appointment", "Appointment", "Unavailable"], events.Select(e => e.Summary).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(events, e => e.Summary!.Contains("Doe", StringComparison.Ordinal) || e.Description is not null && e.Description.Contains("Haircut", StringComparison.Ordinal));
        Assert.Equal(exceptionBefore!.ETag, (await testbed.EventOfAsync(new ItemKey(ItemKind.Exception, "x1")))!.ETag);
        Assert.Empty(result.Conflicts);
    }

    [Fact]
    public async Task Rerender_MoreEventsThanAllowedPerRun_SpreadsOverRunsAndSaysHowFarItGot()
    {
        var testbed = new SyncTestbed { Rendering = Named() };
        for (var day = 2; day <= 6; day++)
        {
            await testbed.AppointmentAsync($"a{day}", testbed.At(11, day, 10));
        }

        await testbed.SyncAsync();
        testbed.Rendering = Private(perRun: 2);

        var runs = new List<SyncRunResult>();
        for (var i = 0; i < 3; i++)
        {
            runs.Add(await testbed.SyncAsync());
            testbed.World.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal([2, 2, 1], runs.Select(r => r.Updated));
        Assert.All(runs, r => Assert.Equal(SyncOutcome.Succeeded, r.Outcome));
        Assert.Contains("the next runs go on", runs[0].Message, StringComparison.Ordinal);
        Assert.Contains("every event now follows them", runs[2].Message, StringComparison.Ordinal);
        Assert.All(await testbed.LiveEventsAsync(), e => Assert.Equal(("Appointment", null), (e.Summary, e.Description)));
        Assert.Equal(0, (await testbed.SyncAsync()).Writes);
    }

    [Fact]
    public async Task Rerender_RunsSecondsApart_RewriteAtMostOnceAMinute()
    {
        var testbed = new SyncTestbed { Rendering = Named() };
        for (var day = 2; day <= 5; day++)
        {
            await testbed.AppointmentAsync($"a{day}", testbed.At(11, day, 10));
        }

        await testbed.SyncAsync();
        testbed.Rendering = Private(perRun: 2);

        var first = await testbed.SyncAsync();
        testbed.World.Clock.Advance(TimeSpan.FromSeconds(20));
        var soon = await testbed.SyncAsync();
        testbed.World.Clock.Advance(TimeSpan.FromSeconds(40));
        var minuteLater = await testbed.SyncAsync();

        Assert.Equal((2, 0, 2), (first.Updated, soon.Updated, minuteLater.Updated));
        Assert.Contains("after a minute", soon.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rerender_EventsWrittenBeforeTemplatesExisted_AreRewrittenOnce()
    {
        var testbed = new SyncTestbed { Rendering = EventRendering.Legacy };
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.SaveAsync(new BusinessClosure("c1", new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 27), "Christmas"));
        await testbed.SyncAsync();
        var state = (await testbed.World.State.GetControlAsync(testbed.Staff.Id, Token)).State;
        testbed.World.States.Put(state with { RenderedWith = null });
        Assert.Equal("Appointment: Jane Doe", (await testbed.EventOfAsync(new ItemKey(ItemKind.Appointment, "a1")))!.Summary);

        testbed.Rendering = EventRendering.Default;
        var result = await testbed.SyncAsync();

        // The closure reads as before, but its event was not private: both are rewritten, once.
        Assert.Equal(2, result.Updated);
        Assert.Equal("Appointment", (await testbed.EventOfAsync(new ItemKey(ItemKind.Appointment, "a1")))!.Summary);
        Assert.Equal(0, (await testbed.SyncAsync()).Writes);
    }

    [Fact]
    public async Task Rerender_FirstSync_WritesEachEventOnceWithTheSettingsOfTheDay()
    {
        var testbed = new SyncTestbed { Rendering = Named() };
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));

        var first = await testbed.SyncAsync();

        Assert.Equal((1, 0), (first.Created, first.Updated));
        Assert.Equal(Named().Fingerprint, (await testbed.World.State.GetControlAsync(testbed.Staff.Id, Token)).State.RenderedWith);
    }

    [Fact]
    public async Task Rerender_SettingsChangeAgainBeforeItFinishes_EveryEventEndsWithTheLatest()
    {
        var testbed = new SyncTestbed { Rendering = Named() };
        for (var day = 2; day <= 5; day++)
        {
            await testbed.AppointmentAsync($"a{day}", testbed.At(11, day, 10));
        }

        await testbed.SyncAsync();
        testbed.Rendering = Private(perRun: 2);
        await testbed.SyncAsync();

        // Back to names before the change to private finished: two events show names, two do not.
        testbed.Rendering = Named(perRun: 2);
        var runs = new List<SyncRunResult>();
        for (var i = 0; i < 4; i++)
        {
            testbed.World.Clock.Advance(TimeSpan.FromMinutes(1));
            runs.Add(await testbed.SyncAsync());
        }

        Assert.All(runs, r => Assert.InRange(r.Updated, 0, 2));
        Assert.Equal(0, runs[^1].Writes);
        Assert.All(await testbed.LiveEventsAsync(), e => Assert.Equal("Jane Doe", e.Summary));
    }

    [Fact]
    public async Task Rerender_EventEditedInGoogleMeanwhile_IsResolvedByTheConflictPolicy()
    {
        var testbed = new SyncTestbed { Rendering = Named() };
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.SyncAsync();
        var id = EventIds.For(new ItemKey(ItemKind.Appointment, "a1"));

        testbed.Rendering = EventRendering.Default;
        await testbed.StaffChangesAsync(id, e => e with { Summary = "Mine now" });
        await testbed.SyncAsync();

        Assert.Equal("Appointment", (await testbed.EventOfAsync(new ItemKey(ItemKind.Appointment, "a1")))!.Summary);
        Assert.Equal(0, (await testbed.SyncAsync()).Writes);
    }

    private static EventRendering Named(int perRun = 200)
    {
        var options = new EventOptions { RerenderPerRun = perRun };
        options.Appointment.Summary = "{customerName}";
        options.Appointment.Description = "{title}\n{notes}";
        return new EventRendering(options);
    }

    private static EventRendering Private(int perRun) => new(new EventOptions { RerenderPerRun = perRun });
}
