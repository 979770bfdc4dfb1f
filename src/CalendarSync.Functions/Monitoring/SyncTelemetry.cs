using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;
using Microsoft.ApplicationInsights;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Monitoring;

/// <summary>
/// The sync's runs as structured logs and as the custom metrics of docs/monitoring.md, which the alerts and the workbook
/// read. Staff ids go to logs only, never to a metric dimension; no token and no customer name goes anywhere.
/// </summary>
public sealed class SyncTelemetry(ILogger<SyncTelemetry> logger, TelemetryClient telemetry, StaffSyncOptions syncOptions) : ISyncObserver
{
    public void Completed(SyncRunResult result, ConnectionStatus status)
    {
        // Events and items left alone are named by reason, so an operator can tell why a Google event made no block.
        var skipped = result.Skipped.Count == 0
            ? "none"
            : string.Join(", ", result.Skipped.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}"));
        logger.LogInformation(
            "Synced {StaffId}: {Outcome} in {DurationMs} ms; created {Created}, updated {Updated}, deleted {Deleted}, imported {Imported}, blocks removed {BlocksRemoved}, conflicts {Conflicts}, skipped {Skipped}; connection {Status}",
            result.StaffId, result.Outcome, (long)result.Duration.TotalMilliseconds, result.Created, result.Updated, result.Deleted,
            result.Imported, result.BlocksRemoved, result.Conflicts.Count, skipped, status);

        // An event with one of our ids that is not ours is someone else's doing (another app, an invitation with a
        // chosen id): worth an operator's look, unlike a staff member's edit of our event.
        foreach (var conflict in result.Conflicts.Where(c => c.Resolution == ConflictResolution.ForeignEventLeftAlone))
        {
            logger.LogWarning(
                "In the calendar of {StaffId} an event that is not ours holds the event id of {ItemKey}; it was neither updated nor deleted, and the item stays off the calendar while the event holds its id",
                result.StaffId, conflict.Key.ToString());
        }

        // A write Google refused for the event's own sake (the staff member is not its organiser) is left undone.
        foreach (var conflict in result.Conflicts.Where(c => c.Resolution == ConflictResolution.GoogleRefusedWrite))
        {
            logger.LogWarning(
                "In the calendar of {StaffId} Google refused to write the event of {ItemKey}; it is left as Google has it: {Refusal}",
                result.StaffId, conflict.Key.ToString(), conflict.What);
        }

        // The run's own outcome: a safety stop (MassDeleteBlocked, CalendarNotWritable) is not a success.
        telemetry.GetMetric("SyncRuns", "Outcome").TrackValue(1, result.Outcome.ToString());
        telemetry.GetMetric("ItemsSynced", "Direction").TrackValue(result.Created + result.Updated + result.Deleted, "Push");
        telemetry.GetMetric("ItemsSynced", "Direction").TrackValue(result.Imported + result.BlocksRemoved, "Pull");
        if (result.Conflicts.Count > 0)
        {
            telemetry.GetMetric("Conflicts", "Policy").TrackValue(result.Conflicts.Count, syncOptions.ConflictPolicy.ToString());
        }
    }

    public void Failed(SyncRunResult result)
    {
        var error = (result.Error ?? SyncErrorKind.Unexpected).ToString();
        logger.LogWarning(
            "Sync of {StaffId} failed ({ErrorKind}) after {DurationMs} ms: {Message}; the queue tries again",
            result.StaffId, error, (long)result.Duration.TotalMilliseconds, result.Message);
        telemetry.GetMetric("SyncRuns", "Outcome").TrackValue(1, nameof(SyncOutcome.Failed));
        telemetry.GetMetric("SyncFailures", "ErrorClass").TrackValue(1, error);
    }

    public void Skipped(SyncRequest request, string reason)
    {
        logger.LogInformation("Sync of {StaffId} ({Reason}) skipped: {SkipReason}", request.StaffId, request.Reason, reason);
        telemetry.GetMetric("SyncRuns", "Outcome").TrackValue(1, "Skipped");
    }

    public void Requeued(SyncRequest request, string reason) =>
        logger.LogWarning("Sync of {StaffId} ({Reason}) in a sweep page: {RequeueReason}", request.StaffId, request.Reason, reason);

    public void MalformedRequest(string problem) =>
        logger.LogWarning("A calendar-sync message is not a sync request and was moved to calendar-sync-poison: {Problem}", problem);

    /// <summary>
    /// A booking conflict a run found for the first time: one warning each (ids only, no titles), and the
    /// <c>BookingConflicts</c> metric the Bicep's alert reads. <c>calsync conflicts</c> and the operator page list them.
    /// </summary>
    public void NewConflicts(string staffId, IReadOnlyList<BookingConflict> conflicts)
    {
        ArgumentNullException.ThrowIfNull(conflicts);
        foreach (var conflict in conflicts)
        {
            logger.LogWarning(
                "Double booking for {StaffId}: appointment {AppointmentId} overlaps Google event {GoogleEventId} from {Start:O} to {End:O}; {Which}",
                staffId, conflict.AppointmentId, conflict.GoogleEventId, conflict.Start, conflict.End,
                conflict.EventCameLast ? "the event was put over the booking" : "the appointment was booked over the event");
        }

        telemetry.GetMetric("BookingConflicts").TrackValue(conflicts.Count);
    }

    /// <summary>What the sweep did; each push channel it could not open is a warning of its own.</summary>
    public void Swept(SweepResult sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        logger.LogInformation("Sweep queued {Connections} connections in {DurationMs} ms", sweep.Queued, (long)sweep.Duration.TotalMilliseconds);
        foreach (var (staffId, error) in sweep.Channels.Failures)
        {
            logger.LogWarning(error, "The push channel of staff member {StaffId} could not be opened; the next sweep tries again", staffId);
        }

        if (sweep.Channels.Renewed > 0 || sweep.Channels.Failures.Count > 0)
        {
            logger.LogInformation("Push channels: {Renewed} opened or renewed, {Failed} failed", sweep.Channels.Renewed, sweep.Channels.Failures.Count);
        }
    }

    /// <summary>The sweep's gauges, zeros included, so that a gauge gone quiet is not mistaken for a healthy zero.</summary>
    public void SweepGauges(int reauthRequiredConnections, long poisonQueueMessages)
    {
        logger.LogInformation("{ReauthRequired} connections need their staff member to reconnect; {PoisonMessages} messages in the poison queue",
            reauthRequiredConnections, poisonQueueMessages);
        telemetry.GetMetric("ReauthRequiredConnections").TrackValue(reauthRequiredConnections);
        telemetry.GetMetric("PoisonQueueMessages").TrackValue(poisonQueueMessages);
    }
}
