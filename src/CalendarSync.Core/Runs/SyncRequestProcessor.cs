using CalendarSync.Core.Calendar;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Runs;

/// <summary>
/// The queue's work for one message: read it strictly (a page's members each as below, <see cref="ProcessPageAsync"/>);
/// read the staff member's control row (sync state and lease), then
/// the connection and the change feed's head at once (a push request then clears its <see cref="IWaitingPushSyncStore"/>
/// mark); hand them to <see cref="StaffSync"/>, which lists Google once and, when neither side changed, ends there having
/// written nothing (a quiet run: the connection records it hourly, <see cref="RunRecording.QuietRecordInterval"/>), or else
/// takes the lease at the control row's version (or answers that it cannot: the request is deferred) and runs; write the
/// sync log for a run that did something, review the booking conflicts after a run that wrote (<see cref="ConflictWatch"/>),
/// record the outcome and the conflicts on the connection (<see cref="RunRecording"/>), and answer
/// what became of the message (<see cref="SyncRequestResult"/>). A message that is not a request goes to the poison queue
/// as it came, without retries; a failed run throws, with its <see cref="SyncErrorKind"/>, so the queue tries again later.
/// </summary>
public sealed class SyncRequestProcessor(
    IConnectionStore connections,
    ISyncStateStore states,
    IAppointmentData data,
    IWaitingPushSyncStore waitingPushes,
    ISyncQueue queue,
    ISyncLog log,
    ICalendarProvider calendars,
    StaffSync staffSync,
    SyncProcessorOptions options,
    TimeProvider time,
    ISyncObserver observer,
    ConflictWatch conflictWatch,
    IEnumerable<IStorageErrorClassifier> storageErrors) : ISyncRequestProcessor
{
    public async Task<IReadOnlyList<SyncRequestResult>> ProcessAsync(string message, CancellationToken cancellationToken)
    {
        SyncRequestPage page;
        try
        {
            page = SyncRequestPage.Parse(message);
        }
        catch (MalformedSyncRequestException ex)
        {
            observer.MalformedRequest(ex.Message);
            await queue.MoveToPoisonAsync(message, cancellationToken);
            return [SyncRequestResult.Malformed(ex.Message)];
        }

        return page.IsSingleRequest
            ? [await ProcessAsync(page.Requests[0], cancellationToken)]
            : await ProcessPageAsync(page, cancellationToken);
    }

    /// <summary>
    /// Runs a page's members, <see cref="SyncProcessorOptions.SweepMessageParallelism"/> at a time, each by the same rules as a
    /// request of its own. A member whose run fails is queued again alone, so its retries, dequeue count and poisoning are
    /// its own and never the page's; so is one whose turn comes after <see cref="SyncProcessorOptions.SweepMessageStartWindow"/>.
    /// Only when a member can be neither run nor queued again does the page throw: the queue then delivers the whole
    /// page again, whose members that ran already find nothing to do.
    /// </summary>
    private async Task<IReadOnlyList<SyncRequestResult>> ProcessPageAsync(SyncRequestPage page, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var results = new SyncRequestResult[page.Requests.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, page.Requests.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.SweepMessageParallelism, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var request = page.Requests[index];
                if (time.GetElapsedTime(started) > options.SweepMessageStartWindow)
                {
                    results[index] = await RequeueAsync(request, null, "the page's start window had passed", delay: null, token);
                    return;
                }

                try
                {
                    results[index] = await ProcessAsync(request, token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    // As the queue trigger takes any exception from a single request for a failed try, so does a page for
                    // its member; the failure was logged and recorded already where it was a run's (FailAsync).
                    var failed = (ex as SyncException)?.Result;
                    results[index] = await RequeueAsync(
                        request, failed, $"failed ({failed?.Error.ToString() ?? ex.GetType().Name}): {failed?.Message ?? ex.Message}", options.DeferDelay, token);
                }
            });
        return results;
    }

    private async Task<SyncRequestResult> RequeueAsync(SyncRequest request, SyncRunResult? failed, string why, TimeSpan? delay, CancellationToken cancellationToken)
    {
        await queue.EnqueueAsync(request, delay, cancellationToken);
        var detail = $"{why}; queued again alone";
        observer.Requeued(request, detail);
        return SyncRequestResult.Requeued(request, failed, detail);
    }

    private async Task<SyncRequestResult> ProcessAsync(SyncRequest request, CancellationToken cancellationToken)
    {
        // One round trip: the connection, the control row and the change feed's head at once. A disconnect or a reconnect
        // holds the lease while it changes the connection, so the connection read here may be from before one that has
        // finished by the time the control row was read: a run that takes the lease reads it again under the lease, and
        // stops if it is another connection now (StillCurrent). A quiet run takes no lease and writes nothing, and records
        // itself only on the connection it ran for (RunRecording.Apply).
        var recordRead = connections.GetAsync(request.StaffId, cancellationToken);
        var controlRead = states.GetControlAsync(request.StaffId, cancellationToken);
        var headRead = data.ReadFeedHeadAsync(request.StaffId, sharedFeedMayLag: request.Reason == SyncReason.Schedule, cancellationToken);
        await Task.WhenAll(recordRead, controlRead, headRead);
        var control = await controlRead;
        if (control.IsHeldAt(time.GetUtcNow()))
        {
            return await DeferAsync(request, cancellationToken);
        }

        // Before Google is listed: a notification from now on may be for a change this run's listing misses, so it must
        // find no mark and queue a run of its own. Not while another run holds the lease: a deferred message still waits.
        // Without a run too: this message was the one the mark stood for, and once reconnected, a notification must
        // queue again at once.
        if (request.Reason == SyncReason.Push)
        {
            await waitingPushes.ClearAsync(request.StaffId, cancellationToken);
        }

        var record = await recordRead;
        if (record is not { IsEnabled: true })
        {
            var reason = record is null ? "no connection" : $"connection is {record.Connection.Status}";
            observer.Skipped(request, reason);
            return SyncRequestResult.NotRun(SyncRequestDisposition.NotConnected, request, reason, record?.Connection.Status);
        }

        return await RunAsync(request, record, control, (await headRead).IsAfter(control.State.LocalWatermark), cancellationToken);
    }

    private async Task<SyncRequestResult> RunAsync(
        SyncRequest request, ConnectionRecord record, SyncControl control, bool localChanges, CancellationToken cancellationToken)
    {
        var staff = record.Staff;
        var startedAt = time.GetUtcNow();
        ICalendar calendar;
        try
        {
            calendar = await calendars.OpenAsync(record.Connection, cancellationToken);
        }
        catch (CalendarGrantRevokedException ex)
        {
            return await FinishAsync(request, record, SyncRunResult.EndedEarly(record.StaffId, SyncOutcome.ReauthRequired, startedAt, ex.Message), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A token store that does not answer fails the run like any other store: logged, counted, tried again.
            var failed = SyncRunResult.EndedEarly(record.StaffId, SyncOutcome.Failed, startedAt, ex.Message);
            throw await FailAsync(record, new SyncException(SyncStage.OpenCalendar, failed, ex));
        }

        var replaced = false;
        ConnectionRecord? now = null;
        try
        {
            var result = await staffSync.RunAsync(
                staff, record.Connection, calendar, control, localChanges, allowMassDelete: false, options.LeaseDuration, StillCurrentAsync, cancellationToken);
            if (result is not null)
            {
                return await FinishAsync(request, record, result, cancellationToken);
            }

            return replaced ? Replaced(request, now) : await DeferAsync(request, cancellationToken);
        }
        catch (SyncException ex) when (ex.InnerException is LeaseLostException lost)
        {
            // The run outlived its lease and another took it over: that one carries on, and this one has stopped
            // before writing more. Nothing to record: the connection is not at fault.
            observer.Skipped(request, lost.Message);
            return SyncRequestResult.NotRun(SyncRequestDisposition.Dropped, request, lost.Message);
        }
        catch (SyncException ex)
        {
            throw await FailAsync(record, ex);
        }
        finally
        {
            (calendar as IDisposable)?.Dispose();
        }

        // Under the lease: the connection read beside the control row is still the one the run is for.
        async Task<bool> StillCurrentAsync(CancellationToken token)
        {
            now = await connections.GetAsync(record.StaffId, token);
            replaced = now is not { IsEnabled: true } || !now.IsSameConnectionAs(record);
            return !replaced;
        }
    }

    /// <summary>
    /// A run that found, under its lease, that the staff member disconnected or connected anew since its connection was
    /// read: it stopped before writing anything. A new connection's own first run is queued by the connect.
    /// </summary>
    private SyncRequestResult Replaced(SyncRequest request, ConnectionRecord? now)
    {
        if (now is { IsEnabled: true })
        {
            const string reconnected = "the staff member connected anew as the run started; the new connection's own run syncs it";
            observer.Skipped(request, reconnected);
            return SyncRequestResult.NotRun(SyncRequestDisposition.Dropped, request, reconnected);
        }

        var reason = now is null ? "no connection" : $"connection is {now.Connection.Status}";
        observer.Skipped(request, reason);
        return SyncRequestResult.NotRun(SyncRequestDisposition.NotConnected, request, reason, now?.Connection.Status);
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

    /// <summary>
    /// The sync log gets a row for a run that did something (wrote, met a conflict, listed in full) or did not succeed; the
    /// connection records every run, but a quiet run only when it changes what the connection shows, or hourly.
    /// </summary>
    private async Task<SyncRequestResult> FinishAsync(SyncRequest request, ConnectionRecord record, SyncRunResult result, CancellationToken cancellationToken)
    {
        var finishedAt = time.GetUtcNow();
        if (RunRecording.IsWorthLogging(result))
        {
            await log.WriteAsync(result, cancellationToken);
        }

        var knownConflicts = await conflictWatch.ReviewAsync(record, result, cancellationToken);
        var status = result.Quiet && !RunRecording.IsDue(record, result, finishedAt)
            ? record.Connection.Status
            : await connections.RecordRunAsync(record, result, finishedAt, cancellationToken, knownConflicts);
        observer.Completed(result, status);

        // A run cut by its time budget continues at once rather than at the next sweep.
        if (result.Outcome == SyncOutcome.Partial)
        {
            await queue.EnqueueAsync(new SyncRequest(record.StaffId, SyncReason.Schedule, time.GetUtcNow()), delay: null, cancellationToken);
        }

        return SyncRequestResult.Ran(request, result, status);
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
