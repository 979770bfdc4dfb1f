using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Tests.Sync;

public sealed class StaffSyncConflictsTests
{
    private static readonly ItemKey A1 = new(ItemKind.Appointment, "a1");

    [Fact]
    public async Task Conflicts_StaffMovesOurAppointmentEvent_ByDefaultTheEventIsRestoredAndTheConflictRecorded()
    {
        var testbed = new SyncTestbed();
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.SyncAsync();
        await testbed.StaffChangesAsync(EventIds.For(A1), SyncTestbed.MovedBy(TimeSpan.FromHours(2), testbed.Staff.TimeZone));

        var result = await testbed.SyncAsync();

        Assert.Equal(testbed.At(11, 2, 10), (await testbed.EventOfAsync(A1))!.Start!.DateTime);
        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal((A1, ConflictResolution.EventRestored, false), (conflict.Key, conflict.Resolution, conflict.BothSidesChanged));
        Assert.Equal(0, (await testbed.SyncAsync()).Writes);
    }

    [Fact]
    public async Task Conflicts_StaffDeletesOurEvent_ItIsRestored()
    {
        var testbed = new SyncTestbed();
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.SyncAsync();
        await testbed.StaffDeletesAsync(EventIds.For(A1));

        var result = await testbed.SyncAsync();

        Assert.Equal("Appointment", Assert.Single(await testbed.LiveEventsAsync()).Summary);
        Assert.Equal("deleted in Google", Assert.Single(result.Conflicts).What);
    }

    [Fact]
    public async Task Conflicts_StaffInvitesGuestsOrSharesOurEvent_TheEventIsRestoredWithoutGuestsAndPrivate()
    {
        var testbed = new SyncTestbed();
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.SyncAsync();
        await testbed.StaffChangesAsync(EventIds.For(A1), e => e with { HasAttendees = true, Visibility = EventVisibility.Default });

        var result = await testbed.SyncAsync();

        var restored = (await testbed.EventOfAsync(A1))!;
        Assert.Equal((false, EventVisibility.Private), (restored.HasAttendees, restored.Visibility));
        Assert.Equal("edited in Google", Assert.Single(result.Conflicts).What);
    }

    [Fact]
    public async Task Conflicts_StaffRetitlesOurEvent_TheTitleIsRestored()
    {
        var testbed = new SyncTestbed();
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.SyncAsync();
        await testbed.StaffChangesAsync(EventIds.For(A1), e => e with { Summary = "Private stuff" });

        await testbed.SyncAsync();

        Assert.Equal("Appointment", (await testbed.EventOfAsync(A1))!.Summary);
    }

    [Fact]
    public async Task Conflicts_AcceptGoogleTimeChanges_StaffMovesAppointmentEvent_TheAppointmentMoves()
    {
        var testbed = new SyncTestbed(o => o.ConflictPolicy = ConflictPolicy.AcceptGoogleTimeChanges);
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.SyncAsync();
        await testbed.StaffChangesAsync(EventIds.For(A1), SyncTestbed.MovedBy(TimeSpan.FromHours(2), testbed.Staff.TimeZone));

        var result = await testbed.SyncAsync();

        var appointment = (Appointment)(await testbed.World.Data.GetItemAsync("s1", A1, TestContext.Current.CancellationToken))!;
        Assert.Equal((testbed.At(11, 2, 12), 2L), (appointment.Period.Start, appointment.Version));
        Assert.Equal(ConflictResolution.GoogleTimeAccepted, Assert.Single(result.Conflicts).Resolution);
        Assert.Equal(testbed.At(11, 2, 12), (await testbed.EventOfAsync(A1))!.Start!.DateTime);
        Assert.Equal(0, (await testbed.SyncAsync()).Writes);
        Assert.Equal(0, testbed.LastCalls.Writes);
    }

    [Fact]
    public async Task Conflicts_AcceptGoogleTimeChanges_StaffStretchesAppointmentPastTheSpanLimit_ItIsReverted()
    {
        // An appointment may span at most 366 days (ItemRules); a time no appointment may have is not taken over.
        var testbed = new SyncTestbed(o => o.ConflictPolicy = ConflictPolicy.AcceptGoogleTimeChanges);
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.SyncAsync();
        await testbed.StaffChangesAsync(EventIds.For(A1), e => e with { End = EventDateTime.ForInstant(e.End!.DateTime!.Value.AddDays(400), testbed.Staff.TimeZone) });

        var result = await testbed.SyncAsync();

        var appointment = (Appointment)(await testbed.World.Data.GetItemAsync("s1", A1, TestContext.Current.CancellationToken))!;
        Assert.Equal((testbed.At(11, 2, 11), 1L), (appointment.Period.End, appointment.Version));
        Assert.Equal(ConflictResolution.EventRestored, Assert.Single(result.Conflicts).Resolution);
        Assert.Equal(testbed.At(11, 2, 11), (await testbed.EventOfAsync(A1))!.End!.DateTime);
    }

    [Fact]
    public async Task Conflicts_AcceptGoogleTimeChanges_StaffMovesABlockEvent_ItIsStillReverted()
    {
        var testbed = new SyncTestbed(o => o.ConflictPolicy = ConflictPolicy.AcceptGoogleTimeChanges);
        var key = new ItemKey(ItemKind.Block, "b1");
        await testbed.SaveAsync(new BlockedSlot("b1", "s1", Period.Timed(testbed.At(11, 2, 12), testbed.At(11, 2, 13)), BlockOrigin.Local));
        await testbed.SyncAsync();
        await testbed.StaffChangesAsync(EventIds.For(key), SyncTestbed.MovedBy(TimeSpan.FromHours(2), testbed.Staff.TimeZone));

        await testbed.SyncAsync();

        Assert.Equal(testbed.At(11, 2, 12), (await testbed.EventOfAsync(key))!.Start!.DateTime);
    }

    [Fact]
    public async Task Conflicts_BothSidesChanged_TheAppointmentDataWinsAndTheConflictSaysBoth()
    {
        var testbed = new SyncTestbed(o => o.ConflictPolicy = ConflictPolicy.AcceptGoogleTimeChanges);
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.SyncAsync();
        await testbed.StaffChangesAsync(EventIds.For(A1), SyncTestbed.MovedBy(TimeSpan.FromHours(2), testbed.Staff.TimeZone));
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 16));

        var result = await testbed.SyncAsync();

        Assert.Equal(testbed.At(11, 2, 16), (await testbed.EventOfAsync(A1))!.Start!.DateTime);
        var conflict = Assert.Single(result.Conflicts);
        Assert.True(conflict.BothSidesChanged);
        Assert.Equal(ConflictResolution.EventRestored, conflict.Resolution);
    }

    [Fact]
    public async Task Conflicts_StaffEditsWhatWeDoNotRender_IsNoConflictAndNoWrite()
    {
        var testbed = new SyncTestbed();
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.SyncAsync();
        await testbed.StaffChangesAsync(EventIds.For(A1), e => e with { SelfResponse = AttendeeResponse.Accepted });

        var result = await testbed.SyncAsync();

        Assert.Empty(result.Conflicts);
        Assert.Equal(0, result.Writes);
    }

    [Fact]
    public async Task Conflicts_ForeignEventHoldsTheItemsId_ItIsNeitherOverwrittenNorDeletedAndRunsConverge()
    {
        var testbed = new SyncTestbed();
        var eventId = await testbed.OutsiderAddsAsync(EventIds.For(A1), testbed.At(11, 2, 15));
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));

        var first = await testbed.SyncAsync();
        var second = await testbed.SyncAsync();
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 11));
        var afterAChange = await testbed.SyncAsync();

        var held = Assert.Single(await testbed.LiveEventsAsync());
        Assert.Equal(("Team meeting", testbed.At(11, 2, 15)), (held.Summary, held.Start!.DateTime));
        Assert.Empty(held.PrivateProperties);
        Assert.Equal(eventId, Assert.Single(await testbed.GoogleBlocksAsync()).GoogleEventId);
        Assert.NotEmpty(first.Conflicts);
        Assert.All(first.Conflicts.Concat(afterAChange.Conflicts), c => Assert.Equal((A1, ConflictResolution.ForeignEventLeftAlone), (c.Key, c.Resolution)));
        Assert.NotEmpty(afterAChange.Conflicts);
        Assert.Equal((0, 0), (first.Updated + second.Updated + afterAChange.Updated, first.Deleted + second.Deleted + afterAChange.Deleted));
        Assert.Equal(0, second.Writes);
        Assert.Null(await testbed.World.State.GetItemAsync("s1", A1, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Conflicts_ForeignEventHoldingTheItemsIdDeleted_ItsBlockGoesAndNothingIsRestoredOverIt()
    {
        var testbed = new SyncTestbed();
        var eventId = await testbed.OutsiderAddsAsync(EventIds.For(A1), testbed.At(11, 2, 15));
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.SyncAsync();
        await testbed.StaffDeletesAsync(eventId);

        var result = await testbed.SyncAsync();
        await testbed.Google.ExpireSyncTokensAsync(TestContext.Current.CancellationToken);
        var full = await testbed.SyncAsync();

        Assert.Empty(await testbed.LiveEventsAsync());
        Assert.Empty(await testbed.GoogleBlocksAsync());
        Assert.Equal((1, 0, 0), (result.BlocksRemoved, result.Created + result.Updated, full.Created + full.Updated));
    }

    [Fact]
    public async Task Conflicts_OurEventRewrittenWithoutOurProperty_IsForeignFromThenOn()
    {
        var testbed = new SyncTestbed();
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.SyncAsync();
        await testbed.StaffChangesAsync(EventIds.For(A1), e => e with { Summary = "Taken over", PrivateProperties = new Dictionary<string, string>() });

        var result = await testbed.SyncAsync();
        await testbed.StaffDeletesAsync(EventIds.For(A1));
        var afterDelete = await testbed.SyncAsync();

        Assert.Equal(ConflictResolution.ForeignEventLeftAlone, Assert.Single(result.Conflicts).Resolution);
        Assert.Equal(0, result.Updated);
        Assert.Empty(await testbed.LiveEventsAsync());
        Assert.Empty(await testbed.GoogleBlocksAsync());
        Assert.Equal(0, afterDelete.Created + afterDelete.Updated);
    }

    [Fact]
    public async Task Conflicts_OurEventWhoseItemIsGone_IsRemovedAsAnOrphan()
    {
        var testbed = new SyncTestbed();
        var appointment = await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.SyncAsync();
        await testbed.DeleteAsync(A1);
        var orphan = testbed.Rendering.Render(appointment, testbed.Staff.TimeZone) with { Id = EventIds.For(new ItemKey(ItemKind.Appointment, "a9")) };
        await testbed.Google.WriteAsync(
            [EventWrite.Insert(orphan with { PrivateProperties = new Dictionary<string, string> { [EventIds.KeyProperty] = "appointment:a9" } })],
            TestContext.Current.CancellationToken);

        await testbed.SyncAsync();

        Assert.Empty(await testbed.LiveEventsAsync());
    }
}
