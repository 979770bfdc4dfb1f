using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Tests.Connections;

/// <summary>
/// What every <see cref="IConnectionStore"/> must do, run against the fake here and against the Table store on Azurite
/// (<c>CalendarSync.Azure.Tests</c> links this file): a run records itself with Core's <see cref="RunRecording"/> over a
/// plain conditional write, and a disconnect that got in first must survive it.
/// </summary>
public abstract class ConnectionStoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    protected abstract IConnectionStore CreateStore();

    [Fact]
    public async Task SaveAsync_New_ThenGet_ReadsBackWithETag()
    {
        var store = CreateStore();

        var saved = await store.SaveAsync(Record("s1"), Cancel);

        Assert.NotNull(saved.ETag);
        Assert.Equal(saved, await store.GetAsync("s1", Cancel));
        Assert.Null(await store.GetAsync("s2", Cancel));
    }

    [Fact]
    public async Task SaveAsync_NewWhereOneExists_ConflictsAndLeavesIt()
    {
        var store = CreateStore();
        var first = await store.SaveAsync(Record("s1"), Cancel);

        await Assert.ThrowsAsync<ConnectionChangedException>(() => store.SaveAsync(Record("s1") with { Email = "other@example.com" }, Cancel));

        Assert.Equal(first, await store.GetAsync("s1", Cancel));
    }

    [Fact]
    public async Task SaveAsync_AtTheETagRead_Replaces_ThenThatReadIsStale()
    {
        var store = CreateStore();
        var read = await store.SaveAsync(Record("s1"), Cancel);

        var replaced = await store.SaveAsync(read with { Email = "new@example.com" }, Cancel);
        await Assert.ThrowsAsync<ConnectionChangedException>(() => store.SaveAsync(read with { Email = "stale@example.com" }, Cancel));

        Assert.NotEqual(read.ETag, replaced.ETag);
        Assert.Equal(replaced, await store.GetAsync("s1", Cancel));
    }

    [Fact]
    public async Task SaveAsync_ManyWritersOfOneRead_ExactlyOneWins()
    {
        var store = CreateStore();
        var read = await store.SaveAsync(Record("s1"), Cancel);

        var writers = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.SaveAsync(read with { LastRunWrites = i }, Cancel);
                return true;
            }
            catch (ConnectionChangedException)
            {
                return false;
            }
        }, Cancel));

        Assert.Equal(1, (await Task.WhenAll(writers)).Count(won => won));
    }

    [Fact]
    public async Task RecordRunAsync_DisconnectedAfterTheRunReadTheConnection_StaysDisabledWithTheRunRecorded()
    {
        var store = CreateStore();
        await store.SaveAsync(Record("s1"), Cancel);
        var ranFor = (await store.GetAsync("s1", Cancel))!;

        // A disconnect that got the lease after the run's had expired: it reads and disables the same version.
        await store.SaveAsync(ranFor with { Connection = ranFor.Connection with { Status = ConnectionStatus.Disabled } }, Cancel);
        var status = await store.RecordRunAsync(ranFor, Run(SyncOutcome.Succeeded), Now, Cancel);

        var stored = (await store.GetAsync("s1", Cancel))!;
        Assert.Equal(ConnectionStatus.Disabled, status);
        Assert.Equal((ConnectionStatus.Disabled, SyncOutcome.Succeeded, Now, 3),
            (stored.Connection.Status, stored.Connection.LastOutcome, stored.Connection.LastSyncAt, stored.LastRunWrites));
        Assert.False(stored.IsEnabled);
    }

    [Fact]
    public async Task RecordRunAsync_ChannelSetMeanwhile_KeepsTheChannelAndRecordsTheRun()
    {
        var store = CreateStore();
        await store.SaveAsync(Record("s1"), Cancel);
        var ranFor = (await store.GetAsync("s1", Cancel))!;
        var channel = new PushChannel("ch-1", "hash", "res-1", Now.AddDays(7));

        // The sweep sets channels without the lease.
        await store.SetChannelAsync("s1", channel, Cancel);
        var status = await store.RecordRunAsync(ranFor, Run(SyncOutcome.ReauthRequired) with { Message = "Grant revoked." }, Now, Cancel);

        var stored = (await store.GetAsync("s1", Cancel))!;
        Assert.Equal(ConnectionStatus.ReauthRequired, status);
        Assert.Equal((ConnectionStatus.ReauthRequired, SyncOutcome.ReauthRequired, "Grant revoked.", channel),
            (stored.Connection.Status, stored.Connection.LastOutcome, stored.LastMessage, stored.Channel));
    }

    [Fact]
    public async Task RecordRunAsync_WithTheConflictsReviewed_StoresThemAndARunWithoutAReviewKeepsThem()
    {
        var store = CreateStore();
        await store.SaveAsync(Record("s1"), Cancel);
        var keys = string.Join(' ', Enumerable.Range(0, ConflictWatch.MaxRemembered).Select(i => $"{i:x16}"));

        await store.RecordRunAsync((await store.GetAsync("s1", Cancel))!, Run(SyncOutcome.Succeeded), Now, Cancel, knownConflicts: keys);
        var reviewed = (await store.GetAsync("s1", Cancel))!;
        await store.RecordRunAsync(reviewed, Run(SyncOutcome.Succeeded) with { Created = 0, Imported = 0 }, Now.AddMinutes(5), Cancel);
        var after = (await store.GetAsync("s1", Cancel))!;

        Assert.Equal((keys, ConflictWatch.MaxRemembered), (reviewed.KnownConflicts, reviewed.KnownConflictCount));
        Assert.Equal(keys, after.KnownConflicts);
    }

    [Fact]
    public async Task SaveAsync_CalendarsReadAsBusyTimes_ReadBackInTheirOrder()
    {
        var store = CreateStore();
        var record = Record("s1");
        var busy = OtherCalendars.Of(["team#1@group.calendar.google.com", "family@group.calendar.google.com"], record.Connection.CalendarId);

        await store.SaveAsync(record with { Connection = record.Connection with { BusyCalendars = busy } }, Cancel);

        Assert.Equal(busy.Ids, (await store.GetAsync("s1", Cancel))!.Connection.BusyCalendars.Ids);
    }

    [Fact]
    public async Task SaveAsync_CalendarsReadInFullAndTheWriteCalendar_ReadBack()
    {
        var store = CreateStore();
        var record = Record("s1");
        var read = OtherCalendars.Of(["team@group.calendar.google.com"], record.Connection.CalendarId);

        await store.SaveAsync(record with { Connection = record.Connection with { ReadCalendars = read, WriteCalendarId = "bookings@group.calendar.google.com" } }, Cancel);
        var stored = (await store.GetAsync("s1", Cancel))!.Connection;

        Assert.Equal((read, "bookings@group.calendar.google.com"), (stored.ReadCalendars, stored.WriteCalendarId));
        Assert.Equal(["s1@example.com", "bookings@group.calendar.google.com", "team@group.calendar.google.com"], stored.FullyReadCalendars);
    }

    [Fact]
    public async Task SetOtherChannelsAsync_EachFoundByItsId_OneTakenAwayNoLonger_ThePrimarysKept()
    {
        var store = CreateStore();
        await store.SaveAsync(Record("s1"), Cancel);
        var primary = new PushChannel("ch-p", "hash", "res-p", Now.AddDays(7));
        var team = new PushChannel("ch-t", "hash-t", "res-t", Now.AddDays(7)) { CalendarId = "team@group.calendar.google.com" };
        var bookings = new PushChannel("ch-b", "hash-b", "res-b", Now.AddDays(6)) { CalendarId = "bookings@group.calendar.google.com" };
        await store.SetChannelAsync("s1", primary, Cancel);

        await store.SetOtherChannelsAsync("s1", [team, bookings], Cancel);
        var both = ((await store.FindByChannelAsync("ch-t", Cancel))?.StaffId, (await store.FindByChannelAsync("ch-b", Cancel))?.StaffId);
        var stored = (await store.GetAsync("s1", Cancel))!;
        await store.SetOtherChannelsAsync("s1", [bookings], Cancel);

        Assert.Equal(("s1", "s1"), both);
        Assert.Equal([team, bookings], stored.OtherChannels);
        Assert.Equal(primary, stored.Channel);
        Assert.Null(await store.FindByChannelAsync("ch-t", Cancel));
        Assert.Equal([bookings], (await store.GetAsync("s1", Cancel))!.OtherChannels);
        Assert.NotNull(await store.FindByChannelAsync("ch-p", Cancel));
    }

    [Fact]
    public async Task SaveAsync_WriteCalendarAndOneAwaitingReconnect_ReadBack()
    {
        var store = CreateStore();
        var record = Record("s1");
        var read = OtherCalendars.Of(["holidays@group.calendar.google.com"], record.Connection.CalendarId);
        var chosen = record.Connection with { ReadCalendars = read, WriteCalendarId = "shared@group.calendar.google.com", CreateWriteCalendar = "Bookings" };

        await store.SaveAsync(record with { Connection = chosen }, Cancel);
        var back = (await store.GetAsync("s1", Cancel))!.Connection;

        Assert.Equal(chosen, back);
        Assert.Equal(("Bookings", "shared@group.calendar.google.com"), (back.CreateWriteCalendar, back.WriteCalendar));
    }

    private static SyncRunResult Run(SyncOutcome outcome) =>
        new() { StaffId = "s1", Outcome = outcome, StartedAt = Now.AddSeconds(-5), Created = 2, Imported = 1 };

    private static ConnectionRecord Record(string staffId) => new()
    {
        Connection = new CalendarConnection(staffId, $"{staffId}@example.com"),
        TimeZoneId = "Europe/Berlin",
        Email = $"{staffId}@example.com",
        ConnectedAt = Now.AddDays(-1),
    };
}
