using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Tests.Sync;

public sealed class StaffSyncPullTests
{
    [Fact]
    public async Task Pull_OpaqueForeignEvent_BecomesAGoogleBlockWithItsSummary()
    {
        var testbed = new SyncTestbed();
        var eventId = await testbed.StaffAddsAsync(testbed.At(11, 3, 12), summary: "Lunch with Ana");

        var result = await testbed.SyncAsync();

        var block = Assert.Single(await testbed.GoogleBlocksAsync());
        Assert.Equal((eventId, "Lunch with Ana"), (block.GoogleEventId, block.Summary));
        Assert.Equal(Period.Timed(testbed.At(11, 3, 12), testbed.At(11, 3, 13)), block.Period);
        Assert.Equal(1, result.Imported);
    }

    [Fact]
    public async Task Pull_FreeDeclinedAndWorkingLocationEvents_DoNotBlock()
    {
        var testbed = new SyncTestbed();
        await testbed.StaffAddsAsync(testbed.At(11, 3, 9), shape: e => e with { Transparency = EventTransparency.Transparent });
        await testbed.StaffAddsAsync(testbed.At(11, 3, 10), shape: e => e with { SelfResponse = AttendeeResponse.Declined });
        await testbed.StaffAddsAsync(testbed.At(11, 3, 11), shape: e => e with { EventType = EventType.WorkingLocation });

        var result = await testbed.SyncAsync();

        Assert.Empty(await testbed.GoogleBlocksAsync());
        Assert.Equal(3, result.Skipped[SkipReason.NotBlocking]);
    }

    [Fact]
    public async Task Pull_InvitationsBlockByDefault_AnUnansweredInvitationBlocks()
    {
        var testbed = new SyncTestbed();
        await testbed.StaffAddsAsync(testbed.At(11, 3, 10), shape: e => e with { SelfResponse = AttendeeResponse.NeedsAction });

        await testbed.SyncAsync();

        Assert.Single(await testbed.GoogleBlocksAsync());
    }

    [Fact]
    public async Task Pull_OnlyAcceptedInvitationsBlock_UnansweredAndMaybeDoNotButOwnEventsDo()
    {
        var testbed = new SyncTestbed(o => o.InvitationsBlock = InvitationsBlock.Accepted);
        await testbed.StaffAddsAsync(testbed.At(11, 3, 9), summary: "Own");
        await testbed.StaffAddsAsync(testbed.At(11, 3, 10), summary: "Accepted", shape: e => e with { SelfResponse = AttendeeResponse.Accepted });
        await testbed.StaffAddsAsync(testbed.At(11, 3, 11), summary: "Unanswered", shape: e => e with { SelfResponse = AttendeeResponse.NeedsAction });
        await testbed.StaffAddsAsync(testbed.At(11, 3, 12), summary: "Maybe", shape: e => e with { SelfResponse = AttendeeResponse.Tentative });

        var result = await testbed.SyncAsync();

        Assert.Equal(["Accepted", "Own"], (await testbed.GoogleBlocksAsync()).Select(b => b.Summary).Order(StringComparer.Ordinal));
        Assert.Equal(2, result.Skipped[SkipReason.NotBlocking]);
    }

    [Fact]
    public async Task Pull_OnlyAcceptedInvitationsBlock_AcceptedInvitationTurnedMaybe_TheBlockGoes()
    {
        var testbed = new SyncTestbed(o => o.InvitationsBlock = InvitationsBlock.Accepted);
        var invitation = await testbed.StaffAddsAsync(testbed.At(11, 3, 10), shape: e => e with { SelfResponse = AttendeeResponse.Accepted });
        await testbed.SyncAsync();
        await testbed.StaffChangesAsync(invitation, e => e with { SelfResponse = AttendeeResponse.Tentative });

        var result = await testbed.SyncAsync();

        Assert.Empty(await testbed.GoogleBlocksAsync());
        Assert.Equal(1, result.BlocksRemoved);
    }

    [Fact]
    public async Task Pull_OutsidersSummary_IsStoredAsPlainText()
    {
        var testbed = new SyncTestbed();
        await testbed.StaffAddsAsync(testbed.At(11, 3, 12), summary: "\u001b]0;pwned\u0007<script>x</script>\r\n\u202eLunch");

        await testbed.SyncAsync();

        Assert.Equal("<script>x</script> Lunch", Assert.Single(await testbed.GoogleBlocksAsync()).Summary);
    }

    [Fact]
    public async Task Pull_LiveEventWithOurIdFormButNotOurProperty_IsForeignBlocksAndIsLeftAlone()
    {
        var testbed = new SyncTestbed();
        var key = new ItemKey(ItemKind.Appointment, "a9");
        var eventId = await testbed.OutsiderAddsAsync(EventIds.For(key), testbed.At(11, 3, 12));

        var result = await testbed.SyncAsync();

        var left = Assert.Single(await testbed.LiveEventsAsync());
        Assert.Equal((eventId, "Team meeting"), (left.Id, left.Summary));
        Assert.Equal(eventId, Assert.Single(await testbed.GoogleBlocksAsync()).GoogleEventId);
        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal((key, ConflictResolution.ForeignEventLeftAlone), (conflict.Key, conflict.Resolution));
        Assert.Equal((0, 0), (result.Updated, result.Deleted));
    }

    [Fact]
    public async Task Pull_ForeignEventMoved_TheBlockFollows()
    {
        var testbed = new SyncTestbed();
        var eventId = await testbed.StaffAddsAsync(testbed.At(11, 3, 12));
        await testbed.SyncAsync();
        await testbed.StaffChangesAsync(eventId, SyncTestbed.MovedBy(TimeSpan.FromHours(3), testbed.Staff.TimeZone));

        await testbed.SyncAsync();

        Assert.Equal(testbed.At(11, 3, 15), Assert.Single(await testbed.GoogleBlocksAsync()).Period.Start);
    }

    [Fact]
    public async Task Pull_ForeignEventDeleted_TheBlockGoes()
    {
        var testbed = new SyncTestbed();
        var eventId = await testbed.StaffAddsAsync(testbed.At(11, 3, 12));
        await testbed.SyncAsync();
        await testbed.StaffDeletesAsync(eventId);

        var result = await testbed.SyncAsync();

        Assert.Empty(await testbed.GoogleBlocksAsync());
        Assert.Equal(1, result.BlocksRemoved);
    }

    [Fact]
    public async Task Pull_ForeignEventTurnedFreeOrDeclined_TheBlockGoes()
    {
        var testbed = new SyncTestbed();
        var free = await testbed.StaffAddsAsync(testbed.At(11, 3, 12));
        var declined = await testbed.StaffAddsAsync(testbed.At(11, 4, 12), shape: e => e with { SelfResponse = AttendeeResponse.Accepted });
        await testbed.SyncAsync();
        await testbed.StaffChangesAsync(free, e => e with { Transparency = EventTransparency.Transparent });
        await testbed.StaffChangesAsync(declined, e => e with { SelfResponse = AttendeeResponse.Declined });

        await testbed.SyncAsync();

        Assert.Empty(await testbed.GoogleBlocksAsync());
    }

    [Fact]
    public async Task Pull_RecurringEventAcrossTheDstChange_EachInstanceBlocksItsLocalTime()
    {
        var testbed = new SyncTestbed();
        await testbed.StaffAddsAsync(testbed.At(10, 24, 9), shape: e => e with { Recurrence = ["RRULE:FREQ=DAILY;COUNT=3"] });

        await testbed.SyncAsync();

        var starts = (await testbed.GoogleBlocksAsync()).Select(b => b.Period.Start).Order().ToList();
        Assert.Equal([testbed.At(10, 24, 9), testbed.At(10, 25, 9), testbed.At(10, 26, 9)], starts);
        Assert.Equal([7, 8, 8], starts.Select(s => s.UtcDateTime.Hour));
    }

    [Fact]
    public async Task Pull_AllDayEvent_BlocksWholeDays()
    {
        var testbed = new SyncTestbed();
        await testbed.StaffAddsAsync(testbed.At(11, 3, 9), shape: e => e with
        {
            Start = EventDateTime.ForDate(new DateOnly(2026, 11, 3)),
            End = EventDateTime.ForDate(new DateOnly(2026, 11, 5)),
        });

        await testbed.SyncAsync();

        Assert.Equal(Period.AllDay(new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 5)), Assert.Single(await testbed.GoogleBlocksAsync()).Period);
    }

    [Fact]
    public async Task Pull_OurOwnEvents_AreNeverImported()
    {
        var testbed = new SyncTestbed();
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));

        await testbed.SyncAsync();
        await testbed.SyncAsync();

        Assert.Empty(await testbed.GoogleBlocksAsync());
    }

    [Fact]
    public async Task Pull_PushOnlyConnection_ImportsNothing()
    {
        var testbed = new SyncTestbed(direction: SyncDirection.PushOnly);
        await testbed.StaffAddsAsync(testbed.At(11, 3, 12));

        var result = await testbed.SyncAsync();

        Assert.Empty(await testbed.GoogleBlocksAsync());
        Assert.Equal(1, result.Skipped[SkipReason.Direction]);
    }

    [Fact]
    public async Task Pull_ForeignEventOutsideTheWindow_IsNotImported()
    {
        var testbed = new SyncTestbed();
        var eventId = await testbed.StaffAddsAsync(testbed.At(11, 3, 12));
        await testbed.SyncAsync();
        await testbed.StaffChangesAsync(eventId, SyncTestbed.MovedBy(TimeSpan.FromDays(800), testbed.Staff.TimeZone));

        await testbed.SyncAsync();

        Assert.Empty(await testbed.GoogleBlocksAsync());
    }

    [Fact]
    public async Task Pull_SyncTokenGone_FullResyncRebuildsTheStatusWithoutWritingToEitherSide()
    {
        var testbed = new SyncTestbed();
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.StaffAddsAsync(testbed.At(11, 3, 12));
        await testbed.SyncAsync();
        await testbed.Google.ExpireSyncTokensAsync(TestContext.Current.CancellationToken);

        var result = await testbed.SyncAsync();

        // One write call in all: the first run's insert.
        Assert.True(result.FullResync);
        Assert.Equal(0, result.Writes);
        Assert.Equal(1, testbed.Google.WriteCalls);
        Assert.Equal(0, (await testbed.SyncAsync()).Writes);
    }

    [Fact]
    public async Task Pull_SyncTokenGone_BlockOfAnEventDeletedMeanwhileGoes()
    {
        var testbed = new SyncTestbed();
        var eventId = await testbed.StaffAddsAsync(testbed.At(11, 3, 12));
        await testbed.SyncAsync();
        await testbed.Google.ExpireSyncTokensAsync(TestContext.Current.CancellationToken);
        await testbed.StaffDeletesAsync(eventId);

        var result = await testbed.SyncAsync();

        Assert.Empty(await testbed.GoogleBlocksAsync());
        Assert.Equal(1, result.BlocksRemoved);
    }

    [Fact]
    public async Task Pull_SyncTokenGone_OurEventDeletedMeanwhileIsRestored()
    {
        var testbed = new SyncTestbed();
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.SyncAsync();
        await testbed.Google.ExpireSyncTokensAsync(TestContext.Current.CancellationToken);
        await testbed.StaffDeletesAsync(EventIds.For(new ItemKey(ItemKind.Appointment, "a1")));

        var result = await testbed.SyncAsync();

        Assert.Single(await testbed.LiveEventsAsync());
        Assert.Single(result.Conflicts);
    }
}
