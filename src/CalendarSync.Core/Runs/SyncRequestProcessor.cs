using CalendarSync.Core.Calendar;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Runs;

/// <summary>
/// The queue's work for one message: read it strictly, take the staff member's lease, read the connection under it (a
/// push request then clears its <see cref="IWaitingPushSyncStore"/> mark), run <see cref="StaffSync"/>, write the sync
/// log, record the outcome on the connection (<see cref="RunRecording"/>), give the lease back, and answer what became
/// of the message (<see cref="SyncRequestResult"/>). A message that is not a request goes to the poison queue as it came,
/// without retries; a failed run throws, with its <see cref="SyncErrorKind"/>, so the queue tries again later.
/// </summary>
public sealed class SyncRequestProcessor(
    IConnectionStore connections,
    ISyncLease leases,
    IWaitingPushSyncStore waitingPushes,
    ISyncQueue queue,
    ISyncLog log,
    ICalendarProvider calendars,
    StaffSync staffSync,
    SyncProcessorOptions options,
    TimeProvider time,
    ISyncObserver observer,
    IEnumerable<IStorageErrorClassifier> storageErrors) : ISyncRequestProcessor
{
    public async Task<SyncRequestResult> ProcessAsync(string message, CancellationToken cancellationToken)
    {
        SyncRequest request;
        try
        {
            request = SyncRequest.Parse(message);
        }
        catch (MalformedSyncRequestException ex)
        {
            observer.MalformedRequest(ex.Message);
            await queue.MoveToPoisonAsync(message, cancellationToken);
            return SyncRequestResult.Malformed(ex.Message);
        }

        var lease = await leases.TryAcquireAsync(request.StaffId, options.LeaseDuration, cancellationToken);
        if (lease is null)
        {
            return await DeferAsync(request, cancellationToken);
        }

        try
        {
            // Read under the lease, and only here: a disconnect or a reconnect holds the lease while it changes the
            // connection, so what is read now is the connection the run is for, not one a disconnect has since ended.
            var record = await connections.GetAsync(request.StaffId, cancellationToken);
            if (request.Reason == SyncReason.Push)
            {
                // Before Google is listed: a notification from now on may be for a change this run's listing misses, so
                // it must find no mark and queue a run of its own. (Not before the lease: a deferred message still waits.)
                // Without a run too: this message was the one the mark stood for, and once reconnected, a notification
                // must queue again at once.
                await waitingPushes.ClearAsync(request.StaffId, cancellationToken);
            }

            if (record is not { IsEnabled: true })
            {
                var reason = record is null ? "no connection" : $"connection is {record.Connection.Status}";
                observer.Skipped(request, reason);
                return SyncRequestResult.NotRun(SyncRequestDisposition.NotConnected, request, reason, record?.Connection.Status);
            }

            var result = await RunAsync(record, cancellationToken);
            var status = await FinishAsync(record, result, cancellationToken);
            return SyncRequestResult.Ran(request, result, status);
        }
        finally
        {
            // Released even when the run failed: the next try need not wait for the lease to expire.
            await leases.ReleaseAsync(lease, CancellationToken.None);
        }
    }

    private async Task<SyncRunResult> RunAsync(ConnectionRecord record, CancellationToken cancellationToken)
    {
        var staff = new StaffMember(record.StaffId, record.Email, record.Email, record.TimeZoneId);
        var startedAt = time.GetUtcNow();
        ICalendar calendar;
        try
        {
            calendar = await calendars.OpenAsync(record.Connection, cancellationToken);
        }
        catch (CalendarGrantRevokedException ex)
        {
            return new SyncRunResult { StaffId = record.StaffId, Outcome = SyncOutcome.ReauthRequired, StartedAt = startedAt, Message = ex.Message };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A token store that does not answer fails the run like any other store: logged, counted, tried again.
            var failed = new SyncRunResult { StaffId = record.StaffId, Outcome = SyncOutcome.Failed, StartedAt = startedAt, Message = ex.Message };
            throw await FailAsync(record, new SyncException(SyncStage.OpenCalendar, failed, ex));
        }

        try
        {
            return await staffSync.RunAsync(staff, record.Connection, calendar, cancellationToken);
        }
        catch (SyncException ex)
        {
            throw await FailAsync(record, ex);
        }
        finally
        {
            (calendar as IDisposable)?.Dispose();
        }
    }

    /// <summary>Logs and records a failed run with its <see cref="SyncErrorKind"/>; answers the exception to throw, which carries both.</summary>
    private async Task<SyncException> FailAsync(ConnectionRecord record, SyncException failure)
    {
        var cause = failure.InnerException ?? failure;
        var failed = failure.Result with { StaffId = record.StaffId, Error = ErrorKindOf(cause) };
        await log.WriteAsync(failed, CancellationToken.None);
        await connections.RecordRunAsync(record, failed, time.GetUtcNow(), CancellationToken.None);
        observer.Failed(failed);
        return new SyncException(failure.Stage, failed, cause);
    }

    private SyncErrorKind ErrorKindOf(Exception cause) => cause switch
    {
        // A second 410 in one run: Google's listing is not settled yet.
        CalendarTransientException or FullResyncRequiredException => SyncErrorKind.GoogleUnavailable,
        CalendarException => SyncErrorKind.GoogleRejected,
        _ when storageErrors.Any(classifier => classifier.IsStorageError(cause)) => SyncErrorKind.Storage,
        _ => SyncErrorKind.Unexpected,
    };

    private async Task<ConnectionStatus> FinishAsync(ConnectionRecord record, SyncRunResult result, CancellationToken cancellationToken)
    {
        await log.WriteAsync(result, cancellationToken);
        var status = await connections.RecordRunAsync(record, result, time.GetUtcNow(), cancellationToken);
        observer.Completed(result, status);

        // A run cut by its time budget continues at once rather than at the next sweep.
        if (result.Outcome == SyncOutcome.Partial)
        {
            await queue.EnqueueAsync(new SyncRequest(record.StaffId, SyncReason.Schedule, time.GetUtcNow()), delay: null, cancellationToken);
        }

        return status;
    }

    private async Task<SyncRequestResult> DeferAsync(SyncRequest request, CancellationToken cancellationToken)
    {
        // The sweep comes again in minutes; a push or a booking must not wait that long, nor run beside the sync
        // already under way (which may have listed before the change): it waits for that one to finish.
        if (request.Reason == SyncReason.Schedule)
        {
            const string dropped = "a sync for this staff member is running";
            observer.Skipped(request, dropped);
            return SyncRequestResult.NotRun(SyncRequestDisposition.Dropped, request, dropped);
        }

        await queue.EnqueueAsync(request, options.DeferDelay, cancellationToken);
        var deferred = $"deferred by {options.DeferDelay.TotalSeconds:0} s: a sync for this staff member is running";
        observer.Skipped(request, deferred);
        return SyncRequestResult.NotRun(SyncRequestDisposition.Deferred, request, deferred);
    }
}
