using CalendarSync.Core.Data;
using CalendarSync.Core.Calendar;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Fakes;

namespace CalendarSync.Core.Tests.Runs;

public sealed class SyncRequestProcessorTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly StaffMember Jane = new("jane", "jane@example.com", "jane@example.com", "Europe/Berlin");

    private readonly InMemorySyncWorld _world = new(Jane, Now);
    private readonly InMemoryFunctionPorts _ports;
    private readonly FakeCalendarProvider _calendars;
    private readonly SyncRequestProcessor _processor;

    public SyncRequestProcessorTests()
    {
        _ports = new InMemoryFunctionPorts(_world.Clock, _world.States);
        _calendars = new FakeCalendarProvider(_world.Calendar);
        _ports.Add(new ConnectionRecord { Connection = new CalendarConnection("jane", "jane@example.com"), TimeZoneId = "Europe/Berlin", Email = "jane@example.com" });
        _processor = Processor(_calendars);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    [Fact]
    public async Task Process_Request_RunsSyncLogsRecordsAndReleasesLease()
    {
        await _world.Local.SaveAsync(new Appointment("a1", "jane", Period.Timed(Now.AddDays(1), Now.AddDays(1).AddHours(1)), "Jane Doe", "Cut"), Cancel);

        var processed = Assert.Single(await _processor.ProcessAsync(Message("jane"), Cancel));

        Assert.Single(await _world.StaffCalendar.ListLiveEventsAsync(Cancel));
        var logged = Assert.Single(_ports.Log);
        Assert.Equal((SyncOutcome.Succeeded, null), (logged.Outcome, logged.Error));
        Assert.Equal(SyncOutcome.Succeeded, _ports["jane"].Connection.LastOutcome);
        Assert.False(_ports.IsLeased("jane"));
        Assert.Equal((SyncRequestDisposition.Ran, logged, ConnectionStatus.Active, SyncReason.Schedule),
            (processed.Disposition, processed.Run, processed.Status, processed.Request?.Reason));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"version":2,"staffId":"jane","reason":"schedule","requestedAt":"2026-11-24T09:00:00Z"}""")]
    [InlineData("""{"version":1,"staffId":"../x","reason":"schedule","requestedAt":"2026-11-24T09:00:00Z"}""")]
    public async Task Process_MalformedMessage_GoesToPoisonWithoutRetryOrRun(string message)
    {
        var processed = Assert.Single(await _processor.ProcessAsync(message, Cancel));

        Assert.Equal((SyncRequestDisposition.Malformed, null, null), (processed.Disposition, processed.Request, processed.Run));
        Assert.NotNull(processed.Detail);
        Assert.Equal([message], _ports.Poisoned);
        Assert.Empty(_ports.Log);
        Assert.DoesNotContain(_ports.Events, e => e.StartsWith("lease", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Process_GrantRevoked_RecordsReauthRequiredAndDoesNotThrow()
    {
        _calendars.Failure = new CalendarGrantRevokedException();

        var processed = Assert.Single(await _processor.ProcessAsync(Message("jane"), Cancel));

        Assert.Equal(ConnectionStatus.ReauthRequired, _ports["jane"].Connection.Status);
        Assert.Equal(SyncOutcome.ReauthRequired, Assert.Single(_ports.Log).Outcome);
        Assert.Equal((SyncOutcome.ReauthRequired, ConnectionStatus.ReauthRequired), (processed.Run?.Outcome, processed.Status));
        Assert.False(_ports.IsLeased("jane"));
    }

    [Fact]
    public async Task Process_TransientFailure_LogsReleasesLeaseAndThrowsForTheQueueToRetry()
    {
        var processor = Processor(new FakeCalendarProvider(new FailingCalendar()));

        var thrown = await Assert.ThrowsAsync<SyncException>(() => processor.ProcessAsync(Message("jane"), Cancel));

        Assert.Equal((SyncStage.FullResync, SyncOutcome.Failed, SyncErrorKind.GoogleUnavailable), (thrown.Stage, thrown.Result.Outcome, thrown.Result.Error));
        Assert.IsType<CalendarTransientException>(thrown.InnerException);
        Assert.Equal(thrown.Result, Assert.Single(_ports.Log));
        Assert.Contains("failed jane GoogleUnavailable", _ports.Events);
        Assert.Equal(ConnectionStatus.Error, _ports["jane"].Connection.Status);
        Assert.False(_ports.IsLeased("jane"));
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Process_CalendarCannotBeOpened_FailsWithTheKindOfItsCause(Exception cause, SyncErrorKind expected)
    {
        _calendars.Failure = cause;
        var processor = Processor(_calendars, new StorageDownClassifier());

        var thrown = await Assert.ThrowsAsync<SyncException>(() => processor.ProcessAsync(Message("jane"), Cancel));

        Assert.Equal((SyncStage.OpenCalendar, SyncOutcome.Failed, expected), (thrown.Stage, thrown.Result.Outcome, thrown.Result.Error));
        Assert.Same(cause, thrown.InnerException);
        Assert.Equal(expected, Assert.Single(_ports.Log).Error);
        Assert.Contains($"failed jane {expected}", _ports.Events);
        Assert.Equal(ConnectionStatus.Error, _ports["jane"].Connection.Status);
        Assert.False(_ports.IsLeased("jane"));
    }

    public static TheoryData<Exception, SyncErrorKind> Failures() => new()
    {
        { new CalendarTransientException("Google answered 503 four times."), SyncErrorKind.GoogleUnavailable },
        { new FullResyncRequiredException(), SyncErrorKind.GoogleUnavailable },
        { new CalendarRequestRejectedException("Google answered 400."), SyncErrorKind.GoogleRejected },
        { new InjectedFaultException("The token store did not answer."), SyncErrorKind.Storage },
        { new InvalidOperationException("a bug of ours"), SyncErrorKind.Unexpected },
    };

    [Fact]
    public async Task Process_LeaseHeldByAnotherRun_DefersManualAndDropsScheduled()
    {
        var held = await _ports.TryAcquireAsync("jane", TimeSpan.FromMinutes(5), Cancel);

        var manual = Assert.Single(await _processor.ProcessAsync(Message("jane", "manual"), Cancel));
        var scheduled = Assert.Single(await _processor.ProcessAsync(Message("jane", "schedule"), Cancel));

        Assert.Equal((SyncRequestDisposition.Deferred, SyncRequestDisposition.Dropped), (manual.Disposition, scheduled.Disposition));

        var (deferred, delay) = Assert.Single(_ports.Queued);
        Assert.Equal(SyncReason.Manual, deferred.Reason);
        Assert.Equal(new SyncProcessorOptions().DeferDelay, delay);
        Assert.Empty(_ports.Log);
        Assert.True(_ports.IsLeased("jane"));
        Assert.NotNull(held);
    }

    [Fact]
    public async Task Process_PushRequest_ClearsTheMarkOnceTheLeaseIsFreeAndBeforeListingGoogle()
    {
        var calendar = new NotifyingCalendar(_world.Calendar);
        calendar.AfterNextList = () =>
        {
            _ports.Events.Add("listed");
            return Task.CompletedTask;
        };
        var processor = Processor(new FakeCalendarProvider(calendar));
        await _ports.TryMarkAsync("jane", Now.AddMinutes(5), null, Cancel);

        await processor.ProcessAsync(Message("jane", "push"), Cancel);

        Assert.Null(await _ports.FindAsync("jane", Cancel));
        Assert.Equal(["mark push jane", "clear push jane", "lease jane", "listed"], _ports.Events.Take(4));
    }

    [Fact]
    public async Task Process_PushRequestWhileAnotherRunHoldsTheLease_IsDeferredAndKeepsTheMark()
    {
        await _ports.TryMarkAsync("jane", Now.AddMinutes(5), null, Cancel);
        await _ports.TryAcquireAsync("jane", TimeSpan.FromMinutes(5), Cancel);

        await _processor.ProcessAsync(Message("jane", "push"), Cancel);

        var (deferred, delay) = Assert.Single(_ports.Queued);
        Assert.Equal((SyncReason.Push, new SyncProcessorOptions().DeferDelay), (deferred.Reason, delay));
        Assert.NotNull(await _ports.FindAsync("jane", Cancel));
    }

    [Fact]
    public async Task Process_ScheduledOrManualRequest_LeavesTheMarkAlone()
    {
        await _ports.TryMarkAsync("jane", Now.AddMinutes(5), null, Cancel);

        await _processor.ProcessAsync(Message("jane", "schedule"), Cancel);
        await _processor.ProcessAsync(Message("jane", "manual"), Cancel);

        // A run the push message does not stand for costs the mark no round trip, and the push message still waits.
        Assert.Equal(2, _ports.Runs.Count);
        Assert.NotNull(await _ports.FindAsync("jane", Cancel));
        Assert.Equal(["mark push jane"], _ports.Events.Where(e => e.Contains("push", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Process_PushRequestForDisabledConnection_ClearsTheMark()
    {
        _ports.Add(_ports["jane"] with { Connection = _ports["jane"].Connection with { Status = ConnectionStatus.Disabled } });
        await _ports.TryMarkAsync("jane", Now.AddMinutes(5), null, Cancel);

        await _processor.ProcessAsync(Message("jane", "push"), Cancel);

        Assert.Null(await _ports.FindAsync("jane", Cancel));
        Assert.Empty(_ports.Log);
    }

    [Fact]
    public async Task Process_DisabledOrUnknownConnection_SkipsAndGivesTheLeaseBack()
    {
        _ports.Add(new ConnectionRecord
        {
            Connection = new CalendarConnection("off", "off@example.com", status: ConnectionStatus.Disabled),
            TimeZoneId = "UTC",
            Email = "off@example.com",
        });

        var off = Assert.Single(await _processor.ProcessAsync(Message("off"), Cancel));
        var nobody = Assert.Single(await _processor.ProcessAsync(Message("nobody"), Cancel));

        Assert.Equal((SyncRequestDisposition.NotConnected, ConnectionStatus.Disabled), (off.Disposition, off.Status));
        Assert.Equal((SyncRequestDisposition.NotConnected, null), (nobody.Disposition, nobody.Status));
        Assert.Empty(_ports.Log);
        Assert.Equal(["skipped off: connection is Disabled", "skipped nobody: no connection"], _ports.Events.Where(e => e.StartsWith("skipped", StringComparison.Ordinal)));
        Assert.False(_ports.IsLeased("off") || _ports.IsLeased("nobody"));
    }

    [Fact]
    public async Task Process_DisconnectedBeforeTheRunTookTheLease_RunsNothingAndStaysDisabled()
    {
        await _world.Local.SaveAsync(new Appointment("a1", "jane", Period.Timed(Now.AddDays(1), Now.AddDays(1).AddHours(1)), "Jane Doe", "Cut"), Cancel);

        // The message was taken while the connection was active; the disconnect got the lease first.
        _ports.BeforeNextAcquire = () => DisconnectAsync();
        await _processor.ProcessAsync(Message("jane"), Cancel);

        Assert.Empty(await _world.StaffCalendar.ListLiveEventsAsync(Cancel));
        Assert.Empty(_ports.Log);
        Assert.Equal(ConnectionStatus.Disabled, _ports["jane"].Connection.Status);
    }

    [Fact]
    public async Task Process_DisconnectedBetweenTheConnectionReadAndTheControlRow_TakesTheLeaseRereadsAndRunsNothing()
    {
        await _world.Local.SaveAsync(new Appointment("a1", "jane", Period.Timed(Now.AddDays(1), Now.AddDays(1).AddHours(1)), "Jane Doe", "Cut"), Cancel);

        // The run reads the connection and the control row at once: here the connection first, the disconnect (which
        // holds the lease while it disables the connection) in between, and the control row after, at its new version.
        _ports.AfterNextGet = () => DisconnectAsync();
        var processed = Assert.Single(await _processor.ProcessAsync(Message("jane"), Cancel));

        Assert.Equal((SyncRequestDisposition.NotConnected, ConnectionStatus.Disabled), (processed.Disposition, processed.Status));
        Assert.Empty(await _world.StaffCalendar.ListLiveEventsAsync(Cancel));
        Assert.Empty(_ports.Log);
        Assert.Equal(ConnectionStatus.Disabled, _ports["jane"].Connection.Status);
        Assert.Null((await _world.State.GetControlAsync("jane", Cancel)).State.LocalWatermark);
        Assert.False(_ports.IsLeased("jane"));
        Assert.Equal(["lease jane", "release jane", "lease jane", "release jane", "skipped jane: connection is Disabled"],
            _ports.Events.Where(e => e.Contains("jane", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Process_ReconnectedBetweenTheConnectionReadAndTheControlRow_DropsTheRunForTheNewConnectionsOwn()
    {
        await _world.Local.SaveAsync(new Appointment("a1", "jane", Period.Timed(Now.AddDays(1), Now.AddDays(1).AddHours(1)), "Jane Doe", "Cut"), Cancel);
        _ports.AfterNextGet = async () =>
        {
            // A reconnect as the connect does it: under the lease, a connection made anew.
            var lease = await _ports.TryAcquireAsync("jane", TimeSpan.FromMinutes(1), Cancel);
            _ports.Add(_ports["jane"] with { ConnectedAt = Now.AddMinutes(1) });
            await _ports.ReleaseAsync(lease!, Cancel);
        };

        var processed = Assert.Single(await _processor.ProcessAsync(Message("jane"), Cancel));

        Assert.Equal(SyncRequestDisposition.Dropped, processed.Disposition);
        Assert.Contains("connected anew", processed.Detail, StringComparison.Ordinal);
        Assert.Empty(await _world.StaffCalendar.ListLiveEventsAsync(Cancel));
        Assert.Empty(_ports.Log);
        Assert.Null(_ports["jane"].Connection.LastSyncAt);
        Assert.False(_ports.IsLeased("jane"));
    }

    [Fact]
    public async Task Process_DisconnectedWhileTheRunOutlivedItsLease_TheRunStopsAtItsNextStateWriteAndRecordsNothing()
    {
        var calendar = new NotifyingCalendar(_world.Calendar);
        calendar.AfterNextList = async () =>
        {
            // A slow Google kept the run past its lease, so the disconnect could take the lease and finish.
            _world.Clock.Advance(new SyncProcessorOptions().LeaseDuration + TimeSpan.FromSeconds(1));
            await DisconnectAsync();
        };
        var processed = Assert.Single(await Processor(new FakeCalendarProvider(calendar)).ProcessAsync(Message("jane"), Cancel));

        Assert.Equal(SyncRequestDisposition.Dropped, processed.Disposition);
        Assert.Contains("lost its lease", processed.Detail, StringComparison.Ordinal);
        Assert.Empty(_ports.Log);
        Assert.Equal(ConnectionStatus.Disabled, _ports["jane"].Connection.Status);
        Assert.Null(_ports["jane"].Connection.LastSyncAt);
        Assert.Null((await _world.State.GetControlAsync("jane", Cancel)).State.GoogleSyncToken);
    }

    [Fact]
    public async Task Process_NothingChangedOnEitherSide_ListsGoogleOnceTakesNoLeaseAndWritesNothing()
    {
        await _world.Local.SaveAsync(new Appointment("a1", "jane", Period.Timed(Now.AddDays(1), Now.AddDays(1).AddHours(1)), "Jane Doe", "Cut"), Cancel);
        await _processor.ProcessAsync(Message("jane"), Cancel);

        // The first quiet run after one that wrote records that all is quiet; the ones after it write nothing.
        var first = Assert.Single(await _processor.ProcessAsync(Message("jane"), Cancel));
        Assert.True(first.Run?.Quiet);
        Assert.Equal(0, _ports["jane"].LastRunWrites);
        var recorded = _ports["jane"];
        var control = await _world.State.GetControlAsync("jane", Cancel);
        _ports.Events.Clear();
        _world.Clock.Advance(TimeSpan.FromMinutes(5));

        var quiet = Assert.Single(await _processor.ProcessAsync(Message("jane"), Cancel));

        Assert.Equal((SyncRequestDisposition.Ran, true, SyncOutcome.Succeeded), (quiet.Disposition, quiet.Run?.Quiet, quiet.Run?.Outcome));
        Assert.Single(_ports.Log);
        Assert.Equal(recorded, _ports["jane"]);
        Assert.Equal(control, await _world.State.GetControlAsync("jane", Cancel));
        Assert.Equal(["completed jane Succeeded Active"], _ports.Events);
    }

    [Fact]
    public async Task Process_QuietRunAfterAnHour_RecordsItselfOnTheConnection()
    {
        await _processor.ProcessAsync(Message("jane"), Cancel);
        _world.Clock.Advance(RunRecording.QuietRecordInterval);

        var quiet = Assert.Single(await _processor.ProcessAsync(Message("jane"), Cancel));

        Assert.True(quiet.Run?.Quiet);
        Assert.Equal(_world.Clock.GetUtcNow(), _ports["jane"].Connection.LastSyncAt);
    }

    [Fact]
    public async Task Process_QuietRunAfterAFailedOne_RecordsTheRecovery()
    {
        await _processor.ProcessAsync(Message("jane"), Cancel);
        _ports.Add(_ports["jane"] with { Connection = _ports["jane"].Connection with { Status = ConnectionStatus.Error, LastOutcome = SyncOutcome.Failed } });

        await _processor.ProcessAsync(Message("jane"), Cancel);

        Assert.Equal((ConnectionStatus.Active, SyncOutcome.Succeeded), (_ports["jane"].Connection.Status, _ports["jane"].Connection.LastOutcome));
    }

    [Fact]
    public async Task Process_Page_RunsEachMemberByTheRulesOfItsOwnRequest()
    {
        AddConnection("off", ConnectionStatus.Disabled);
        await _world.Local.SaveAsync(new Appointment("a1", "jane", Period.Timed(Now.AddDays(1), Now.AddDays(1).AddHours(1)), "Jane Doe", "Cut"), Cancel);

        var processed = await PageProcessor(_calendars).ProcessAsync(Page("jane", "off", "nobody"), Cancel);

        Assert.Equal(
            [("jane", SyncRequestDisposition.Ran), ("off", SyncRequestDisposition.NotConnected), ("nobody", SyncRequestDisposition.NotConnected)],
            processed.Select(p => (p.Request!.StaffId, p.Disposition)));
        Assert.Single(await _world.StaffCalendar.ListLiveEventsAsync(Cancel));
        Assert.Equal(SyncOutcome.Succeeded, _ports["jane"].Connection.LastOutcome);
        Assert.Empty(_ports.Queued);
        Assert.Empty(_ports.Poisoned);
    }

    [Fact]
    public async Task Process_PageWithAFailingMember_RequeuesItAloneAndRunsTheOthers()
    {
        AddConnection("pia");
        await _world.Local.SaveAsync(new Appointment("a1", "jane", Period.Timed(Now.AddDays(1), Now.AddDays(1).AddHours(1)), "Jane Doe", "Cut"), Cancel);

        var processed = await PageProcessor(new PerStaffCalendars(_world.Calendar)).ProcessAsync(Page("pia", "jane"), Cancel);

        var pia = processed[0];
        Assert.Equal((SyncRequestDisposition.Requeued, SyncOutcome.Failed, SyncErrorKind.GoogleUnavailable), (pia.Disposition, pia.Run?.Outcome, pia.Run?.Error));
        Assert.Contains("queued again alone", pia.Detail, StringComparison.Ordinal);
        Assert.Equal(SyncRequestDisposition.Ran, processed[1].Disposition);
        Assert.Single(await _world.StaffCalendar.ListLiveEventsAsync(Cancel));

        // A request of its own, version 1: its retries, dequeue count and poisoning are its own, not the page's.
        var (requeued, delay) = Assert.Single(_ports.Queued);
        Assert.Equal((new SyncRequest("pia", SyncReason.Schedule, Now), new SyncProcessorOptions().DeferDelay), (requeued, delay));
        Assert.Contains("\"version\":1", requeued.ToJson(), StringComparison.Ordinal);
        Assert.Equal((SyncOutcome.Failed, SyncErrorKind.GoogleUnavailable), (_ports["pia"].Connection.LastOutcome, Assert.Single(_ports.Log, l => l.StaffId == "pia").Error));
        Assert.Empty(_ports.Poisoned);
        Assert.False(_ports.IsLeased("pia") || _ports.IsLeased("jane"));
    }

    [Fact]
    public async Task Process_RequeuedMemberFailsAgain_ThrowsForTheQueueToRetryAndPoisonIt()
    {
        AddConnection("pia");
        var processor = PageProcessor(new PerStaffCalendars(_world.Calendar));
        await processor.ProcessAsync(Page("pia", "jane"), Cancel);

        var thrown = await Assert.ThrowsAsync<SyncException>(() => processor.ProcessAsync(Assert.Single(_ports.Queued).Request.ToJson(), Cancel));

        Assert.Equal(("pia", SyncErrorKind.GoogleUnavailable), (thrown.Result.StaffId, thrown.Result.Error));
    }

    [Fact]
    public async Task Process_PageDiesMidway_RedeliveredWholeRunsEveryoneAndDuplicatesNothing()
    {
        AddConnection("pia");
        await _world.Local.SaveAsync(new Appointment("a1", "jane", Period.Timed(Now.AddDays(1), Now.AddDays(1).AddHours(1)), "Jane Doe", "Cut"), Cancel);
        var processor = PageProcessor(new PerStaffCalendars(_world.Calendar));
        var page = Page("jane", "pia");

        // Jane has run; pia's failure cannot be queued (storage gone, the process dying): the page must not be deleted.
        _ports.NextEnqueueFailure = new InjectedFaultException("the queue is gone");
        await Assert.ThrowsAsync<InjectedFaultException>(() => processor.ProcessAsync(page, Cancel));
        Assert.Single(await _world.StaffCalendar.ListLiveEventsAsync(Cancel));
        Assert.Empty(_ports.Queued);

        // The queue delivers the page again: jane's run finds nothing to do, pia is queued alone this time.
        var again = await processor.ProcessAsync(page, Cancel);

        Assert.Equal([SyncRequestDisposition.Ran, SyncRequestDisposition.Requeued], again.Select(r => r.Disposition));
        Assert.True(again[0].Run!.Quiet);
        Assert.Single(await _world.StaffCalendar.ListLiveEventsAsync(Cancel));
        Assert.Equal("pia", Assert.Single(_ports.Queued).Request.StaffId);
    }

    [Fact]
    public async Task Process_PageMemberWhoseTurnComesAfterTheStartWindow_QueuedAloneWithoutARun()
    {
        AddConnection("pia");
        var calendars = new PerStaffCalendars(_world.Calendar)
        {
            Opening = () => _world.Clock.Advance(new SyncProcessorOptions().SweepMessageStartWindow + TimeSpan.FromSeconds(1)),
        };

        var processed = await PageProcessor(calendars).ProcessAsync(Page("jane", "pia"), Cancel);

        Assert.Equal(SyncRequestDisposition.Ran, processed[0].Disposition);
        Assert.Equal((SyncRequestDisposition.Requeued, null), (processed[1].Disposition, processed[1].Run));
        Assert.Equal((new SyncRequest("pia", SyncReason.Schedule, Now), (TimeSpan?)null), Assert.Single(_ports.Queued));
        Assert.DoesNotContain(_ports.Log, l => l.StaffId == "pia");
        Assert.Contains(_ports.Events, e => e.StartsWith("requeued pia: the page's start window had passed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Process_MalformedPage_GoesToPoisonWholeAndRunsNoMember()
    {
        const string message = """{"version":2,"staffIds":["jane","../x"],"reason":"schedule","requestedAt":"2026-11-24T09:00:00Z"}""";

        var processed = Assert.Single(await _processor.ProcessAsync(message, Cancel));

        Assert.Equal(SyncRequestDisposition.Malformed, processed.Disposition);
        Assert.Equal([message], _ports.Poisoned);
        Assert.Empty(_ports.Log);
    }

    [Fact]
    public async Task Process_RunThatImportsAnEventOverABooking_ReportsTheDoubleBookingOnceAndRemembersIt()
    {
        var slot = Now.AddDays(1).AddHours(2);
        await _world.Local.SaveAsync(new Appointment("a1", "jane", Period.Timed(slot, slot.AddHours(1)), "Jane Doe", "Cut"), Cancel);
        await _processor.ProcessAsync(Message("jane"), Cancel);
        var lunch = await _world.StaffCalendar.AddEventAsync(StaffEvent(slot.AddMinutes(30), slot.AddMinutes(90)), Cancel);

        await _processor.ProcessAsync(Message("jane"), Cancel);
        await _world.StaffCalendar.AddEventAsync(StaffEvent(slot.AddHours(5), slot.AddHours(6)), Cancel);
        await _processor.ProcessAsync(Message("jane"), Cancel);

        // The second import wrote again and found the same conflict: reported once, remembered on the connection.
        Assert.Equal([$"conflict jane a1 {lunch}"], _ports.Events.Where(e => e.StartsWith("conflict", StringComparison.Ordinal)));
        Assert.Equal(1, _ports["jane"].KnownConflictCount);
    }

    [Fact]
    public async Task Process_ConflictThatWentAndCameBack_IsReportedAgain()
    {
        var slot = Now.AddDays(1).AddHours(2);
        await _world.Local.SaveAsync(new Appointment("a1", "jane", Period.Timed(slot, slot.AddHours(1)), "Jane Doe", "Cut"), Cancel);
        await _world.StaffCalendar.AddEventAsync(StaffEvent(slot, slot.AddHours(1)), Cancel);
        await _processor.ProcessAsync(Message("jane"), Cancel);

        // The business moves the appointment away (the conflict leaves), then back onto the event's time.
        await _world.Local.SaveAsync(new Appointment("a1", "jane", Period.Timed(slot.AddHours(3), slot.AddHours(4)), "Jane Doe", "Cut"), Cancel);
        await _processor.ProcessAsync(Message("jane"), Cancel);
        var movedAway = _ports["jane"].KnownConflictCount;
        await _world.Local.SaveAsync(new Appointment("a1", "jane", Period.Timed(slot, slot.AddHours(1)), "Jane Doe", "Cut"), Cancel);
        await _processor.ProcessAsync(Message("jane"), Cancel);

        Assert.Equal(0, movedAway);
        Assert.Equal(2, _ports.Events.Count(e => e.StartsWith("conflict jane a1 ", StringComparison.Ordinal)));
        Assert.Equal(1, _ports["jane"].KnownConflictCount);
    }

    [Fact]
    public async Task Process_QuietRun_ReviewsNoConflicts()
    {
        var slot = Now.AddDays(1).AddHours(2);
        await _world.Local.SaveAsync(new Appointment("a1", "jane", Period.Timed(slot, slot.AddHours(1)), "Jane Doe", "Cut"), Cancel);
        await _world.StaffCalendar.AddEventAsync(StaffEvent(slot, slot.AddHours(1)), Cancel);
        await _processor.ProcessAsync(Message("jane"), Cancel);
        _ports.Add(_ports["jane"] with { KnownConflicts = null });

        var quiet = Assert.Single(await _processor.ProcessAsync(Message("jane"), Cancel));

        // Nothing was written, so nothing was reviewed: the one report stands, and the connection keeps what it had.
        Assert.True(quiet.Run!.Quiet);
        Assert.Single(_ports.Events, e => e.StartsWith("conflict", StringComparison.Ordinal));
        Assert.Null(_ports["jane"].KnownConflicts);
    }

    private static CalendarEvent StaffEvent(DateTimeOffset start, DateTimeOffset end) => new()
    {
        Id = string.Empty,
        Summary = "Lunch",
        Start = EventDateTime.ForInstant(start, Jane.TimeZone),
        End = EventDateTime.ForInstant(end, Jane.TimeZone),
    };

    private SyncRequestProcessor Processor(ICalendarProvider calendars, params IStorageErrorClassifier[] storageErrors) =>
        Processor(calendars, new SyncProcessorOptions(), storageErrors);

    // One member at a time: the in-memory ports are not for concurrent callers (the Azurite tests run pages concurrently).
    private SyncRequestProcessor PageProcessor(ICalendarProvider calendars) => Processor(calendars, new SyncProcessorOptions { SweepMessageParallelism = 1 });

    private SyncRequestProcessor Processor(ICalendarProvider calendars, SyncProcessorOptions options, params IStorageErrorClassifier[] storageErrors) =>
        new(_ports, _world.State, _world.Data, _ports, _ports, _ports, calendars, new StaffSync(_world.Data, _world.State, _world.Clock, new StaffSyncOptions(), EventRendering.Default),
            options, _world.Clock, _ports,
            new ConflictWatch(new ConflictReport(new BusyOf((InMemoryAppointmentData)_world.Data), _ports, new StaffSyncOptions(), _world.Clock), _ports),
            storageErrors);

    private void AddConnection(string staffId, ConnectionStatus status = ConnectionStatus.Active) => _ports.Add(new ConnectionRecord
    {
        Connection = new CalendarConnection(staffId, $"{staffId}@example.com", status: status),
        TimeZoneId = "UTC",
        Email = $"{staffId}@example.com",
    });

    private static string Page(params string[] staffIds) => new SyncRequestPage(staffIds, SyncReason.Schedule, Now).ToJson();

    private async Task DisconnectAsync() =>
        Assert.Equal(
            DisconnectOutcome.Disconnected,
            await new DisconnectService(_ports, new FakePushChannels(_world.Clock), _calendars, new FakeCalendarAuthorization(), _ports, new SyncProcessorOptions())
                .DisconnectAsync("jane", removeEvents: false, Cancel));

    /// <summary>Jane's calendar for her; for anyone else, after <see cref="Opening"/>, Google fails as it does for a 503 four times over.</summary>
    private sealed class PerStaffCalendars(ICalendar janes) : ICalendarProvider
    {
        public Action? Opening { get; init; }

        public Task<ICalendar> OpenAsync(CalendarConnection connection, string calendarId, CancellationToken cancellationToken)
        {
            Opening?.Invoke();
            return connection.StaffId == "jane"
                ? Task.FromResult(janes)
                : Task.FromException<ICalendar>(new CalendarTransientException("Google answered 503 four times."));
        }
    }

    private static string Message(string staffId, string reason = "schedule") =>
        new SyncRequest(staffId, Enum.Parse<SyncReason>(reason, ignoreCase: true), Now).ToJson();

    /// <summary>Takes <see cref="InjectedFaultException"/> for a store's failure, as the Azure adapter takes the Azure SDK's.</summary>
    private sealed class StorageDownClassifier : IStorageErrorClassifier
    {
        public bool IsStorageError(Exception exception) => exception is InjectedFaultException;
    }

    private sealed class FailingCalendar : ICalendar
    {
        public Task<EventPage> ListEventsAsync(EventListRequest request, CancellationToken cancellationToken) =>
            throw new CalendarTransientException("Google answered 503 four times.");

        public Task<EventPage> ListInstancesAsync(string recurringEventId, EventListRequest request, CancellationToken cancellationToken) =>
            throw new CalendarTransientException("Google answered 503 four times.");

        public Task<CalendarEvent?> GetEventAsync(string eventId, CancellationToken cancellationToken) =>
            throw new CalendarTransientException("Google answered 503 four times.");

        public Task<CalendarEvent?> MoveEventAsync(string eventId, string destinationCalendarId, CancellationToken cancellationToken) =>
            throw new CalendarTransientException("Google answered 503 four times.");

        public Task<IReadOnlyList<CalendarEntry>> ListCalendarsAsync(CancellationToken cancellationToken) =>
            throw new CalendarTransientException("Google answered 503 four times.");

        public ICalendar OnCalendar(string calendarId) => this;

        public Task<IReadOnlyDictionary<string, CalendarBusy>> QueryFreeBusyAsync(
            IReadOnlyList<string> calendarIds, DateTimeOffset timeMin, DateTimeOffset timeMax, CancellationToken cancellationToken) =>
            throw new CalendarTransientException("Google answered 503 four times.");

        public Task<IReadOnlyList<EventWriteResult>> WriteAsync(IReadOnlyList<EventWrite> writes, CancellationToken cancellationToken) =>
            throw new CalendarTransientException("Google answered 503 four times.");
    }
}
