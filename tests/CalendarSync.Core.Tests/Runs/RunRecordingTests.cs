using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Tests.Runs;

public sealed class RunRecordingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private static readonly ConnectionRecord Jane = new()
    {
        Connection = new CalendarConnection("jane", "jane@example.com", status: ConnectionStatus.Error),
        TimeZoneId = "Europe/Berlin",
        Email = "jane@example.com",
        ConnectedAt = Now.AddDays(-3),
        ETag = "1",
    };

    [Theory]
    [InlineData(SyncOutcome.Succeeded, ConnectionStatus.Active)]
    [InlineData(SyncOutcome.Partial, ConnectionStatus.Active)]
    [InlineData(SyncOutcome.MassDeleteBlocked, ConnectionStatus.Active)]
    [InlineData(SyncOutcome.ReauthRequired, ConnectionStatus.ReauthRequired)]
    [InlineData(SyncOutcome.CalendarNotWritable, ConnectionStatus.Error)]
    [InlineData(SyncOutcome.Failed, ConnectionStatus.Error)]
    public void Apply_ConnectionAsTheRunReadIt_TakesTheStatusTheOutcomeCallsFor(SyncOutcome outcome, ConnectionStatus expected)
    {
        var recorded = RunRecording.Apply(Jane, Jane, Run(outcome), Now);

        Assert.NotNull(recorded);
        Assert.Equal((expected, outcome, Now, 3, "what happened", "1"),
            (recorded.Connection.Status, recorded.Connection.LastOutcome, recorded.Connection.LastSyncAt, recorded.LastRunWrites, recorded.LastMessage, recorded.ETag));
    }

    [Fact]
    public void Apply_DisabledSinceTheRunReadIt_StaysDisabledWithTheRunRecorded()
    {
        var disabled = Jane with { Connection = Jane.Connection with { Status = ConnectionStatus.Disabled }, ETag = "2" };

        var recorded = RunRecording.Apply(disabled, Jane, Run(SyncOutcome.Succeeded), Now);

        Assert.Equal((ConnectionStatus.Disabled, SyncOutcome.Succeeded, "2"), (recorded!.Connection.Status, recorded.Connection.LastOutcome, recorded.ETag));
    }

    [Fact]
    public void Apply_PausedSinceTheRunReadIt_StaysPausedWithTheRunRecorded()
    {
        var paused = Jane with { Connection = Jane.Connection with { Status = ConnectionStatus.Paused }, ETag = "2" };

        var recorded = RunRecording.Apply(paused, Jane, Run(SyncOutcome.Failed), Now);

        Assert.Equal((ConnectionStatus.Paused, SyncOutcome.Failed, false), (recorded!.Connection.Status, recorded.Connection.LastOutcome, recorded.IsEnabled));
    }

    [Fact]
    public void Apply_ReconnectedSinceTheRunReadIt_RecordsNothing()
    {
        var reconnected = Jane with { Connection = Jane.Connection with { Status = ConnectionStatus.Active }, ConnectedAt = Now.AddMinutes(-1), ETag = "2" };
        var otherCalendar = Jane with { Connection = new CalendarConnection("jane", "jane@new.example.com"), ETag = "2" };

        // The run of the old grant (revoked, say) must not send the fresh connection back to ReauthRequired.
        Assert.Null(RunRecording.Apply(reconnected, Jane, Run(SyncOutcome.ReauthRequired), Now));
        Assert.Null(RunRecording.Apply(otherCalendar, Jane, Run(SyncOutcome.ReauthRequired), Now));
    }

    private static SyncRunResult Run(SyncOutcome outcome) =>
        new() { StaffId = "jane", Outcome = outcome, StartedAt = Now.AddSeconds(-2), Created = 1, Deleted = 2, Message = "what happened" };

    [Fact]
    public void IsDue_QuietRunSayingWhatTheConnectionShows_NotDue_OneSayingNothingClearsIt()
    {
        const string note = "The staff member's grant does not cover reading free/busy.";
        var shown = Jane with { Connection = Jane.Connection with { Status = ConnectionStatus.Active, LastOutcome = SyncOutcome.Succeeded, LastSyncAt = Now }, LastMessage = note };
        var quiet = new SyncRunResult { StaffId = "jane", Outcome = SyncOutcome.Succeeded, StartedAt = Now, Quiet = true, Message = note };

        Assert.False(RunRecording.IsDue(shown, quiet, Now.AddMinutes(5)));
        Assert.True(RunRecording.IsDue(shown, quiet with { Message = null }, Now.AddMinutes(5)));
    }
}
