using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;
using CalendarSync.Functions.Monitoring;
using CalendarSync.Functions.Tests.Fakes;
using CalendarSync.Functions.Tests.Hostile;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CalendarSync.Functions.Tests.Monitoring;

/// <summary>The metrics of docs/monitoring.md, which the alerts and the workbook read, as the runs report them.</summary>
public sealed class SyncTelemetryTests : IDisposable
{
    private readonly RecordingTelemetry _telemetry = new();
    private readonly SyncTelemetry _observer;

    public SyncTelemetryTests() =>
        _observer = new SyncTelemetry(NullLogger<SyncTelemetry>.Instance, _telemetry.Client, new StaffSyncOptions());

    public void Dispose() => _telemetry.Dispose();

    [Fact]
    public void Completed_EveryOutcome_IsCountedUnderItsOwnName()
    {
        // A safety stop (MassDeleteBlocked, CalendarNotWritable) must not count as a success: an operator has to act.
        var outcomes = Enum.GetValues<SyncOutcome>().Where(o => o != SyncOutcome.Failed).ToList();
        foreach (var outcome in outcomes)
        {
            _observer.Completed(new SyncRunResult { StaffId = "jane", Outcome = outcome }, RunRecording.StatusAfter(outcome));
        }

        Assert.Equal(outcomes.Select(o => (o.ToString(), 1)).Order(), RunsByOutcome().Order());
        Assert.Empty(_telemetry.Metrics("SyncFailures"));
    }

    [Theory]
    [InlineData(SyncErrorKind.Storage, "Storage")]
    [InlineData(SyncErrorKind.GoogleUnavailable, "GoogleUnavailable")]
    [InlineData(null, "Unexpected")]
    public void Failed_Run_IsAFailedRunAndAFailureOfItsKind(SyncErrorKind? kind, string errorClass)
    {
        _observer.Failed(new SyncRunResult { StaffId = "jane", Outcome = SyncOutcome.Failed, Error = kind });

        Assert.Equal([("Failed", 1)], RunsByOutcome());
        var failure = Assert.Single(_telemetry.Metrics("SyncFailures"));
        Assert.Equal((errorClass, 1), (failure.Properties["ErrorClass"], failure.Count));
    }

    [Fact]
    public void Skipped_Request_IsCountedAsSkipped()
    {
        _observer.Skipped(new SyncRequest("jane", SyncReason.Manual, DateTimeOffset.UnixEpoch), "a sync for this staff member is running");

        Assert.Equal([("Skipped", 1)], RunsByOutcome());
    }

    [Fact]
    public void Requeued_PageMember_CountsNoRunOfItsOwn()
    {
        // A failed member's run was counted by Failed already; a late member's has not happened yet.
        _observer.Requeued(new SyncRequest("jane", SyncReason.Schedule, DateTimeOffset.UnixEpoch), "the page's start window had passed; queued again alone");

        Assert.Empty(RunsByOutcome());
    }

    [Fact]
    public void NewConflicts_EachIsAWarningWithIdsOnlyAndAllAreCountedOnce()
    {
        using var logs = new RecordingLogs();
        var observer = new SyncTelemetry(new Logger<SyncTelemetry>(new LoggerFactory([logs])), _telemetry.Client, new StaffSyncOptions());
        var at = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

        observer.NewConflicts("jane", [new("jane", "a1", "lunch-1", at, at.AddMinutes(30), EventCameLast: true), new("jane", "a2", "gym", at.AddHours(2), at.AddHours(3), false)]);

        var warnings = logs.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains("Double booking for jane: appointment a1 overlaps Google event lunch-1", warnings[0], StringComparison.Ordinal);
        Assert.Contains("the event was put over the booking", warnings[0], StringComparison.Ordinal);
        Assert.Contains("the appointment was booked over the event", warnings[1], StringComparison.Ordinal);
        var metric = Assert.Single(_telemetry.Metrics("BookingConflicts"));
        Assert.Equal(2, metric.Sum);
    }

    private List<(string Outcome, int Count)> RunsByOutcome() =>
        [.. _telemetry.Metrics("SyncRuns").Select(m => (m.Properties["Outcome"], m.Count ?? 0))];
}
