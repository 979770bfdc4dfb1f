using CalendarSync.Core.Calendar;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Fakes;

namespace CalendarSync.Core.Tests.Sync;

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
        _ports = new InMemoryFunctionPorts(_world.Clock);
        _calendars = new FakeCalendarProvider(_world.Calendar);
        _ports.Add(new ConnectionRecord { Connection = new CalendarConnection("jane", "jane@example.com"), TimeZoneId = "Europe/Berlin", Email = "jane@example.com" });
        var staffSync = new StaffSync(_world.Data, _world.State, _world.Clock, new StaffSyncOptions());
        _processor = new SyncRequestProcessor(_ports, _ports, _ports, _ports, _ports, _calendars, staffSync, new SyncProcessorOptions(), _world.Clock, _ports);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    [Fact]
    public async Task Process_Request_RunsSyncLogsRecordsAndReleasesLease()
    {
        await _world.Local.SaveAsync(new Appointment("a1", "jane", Period.Timed(Now.AddDays(1), Now.AddDays(1).AddHours(1)), "Jane Doe", "Cut"), Cancel);

        await _processor.ProcessAsync(Message("jane"), Cancel);

        Assert.Single(await _world.StaffCalendar.ListLiveEventsAsync(Cancel));
        var (result, errorClass) = Assert.Single(_ports.Log);
        Assert.Equal(SyncOutcome.Succeeded, result.Outcome);
        Assert.Null(errorClass);
        Assert.Equal(SyncOutcome.Succeeded, _ports["jane"].Connection.LastOutcome);
        Assert.False(_ports.IsLeased("jane"));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"version":2,"staffId":"jane","reason":"schedule","requestedAt":"2026-11-24T09:00:00Z"}""")]
    [InlineData("""{"version":1,"staffId":"../x","reason":"schedule","requestedAt":"2026-11-24T09:00:00Z"}""")]
    public async Task Process_MalformedMessage_GoesToPoisonWithoutRetryOrRun(string message)
    {
        await _processor.ProcessAsync(message, Cancel);

        Assert.Equal([message], _ports.Poisoned);
        Assert.Empty(_ports.Log);
        Assert.DoesNotContain(_ports.Events, e => e.StartsWith("lease", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Process_GrantRevoked_RecordsReauthRequiredAndDoesNotThrow()
    {
        _calendars.Failure = new CalendarGrantRevokedException();

        await _processor.ProcessAsync(Message("jane"), Cancel);

        Assert.Equal(ConnectionStatus.ReauthRequired, _ports["jane"].Connection.Status);
        Assert.Equal(SyncOutcome.ReauthRequired, Assert.Single(_ports.Log).Result.Outcome);
        Assert.False(_ports.IsLeased("jane"));
    }

    [Fact]
    public async Task Process_TransientFailure_LogsReleasesLeaseAndThrowsForTheQueueToRetry()
    {
        var failing = new FakeCalendarProvider(new FailingCalendar());
        var processor = new SyncRequestProcessor(
            _ports, _ports, _ports, _ports, _ports, failing, new StaffSync(_world.Data, _world.State, _world.Clock, new StaffSyncOptions()),
            new SyncProcessorOptions(), _world.Clock, _ports);

        await Assert.ThrowsAsync<SyncException>(() => processor.ProcessAsync(Message("jane"), Cancel));

        Assert.Equal(nameof(CalendarTransientException), Assert.Single(_ports.Log).ErrorClass);
        Assert.Equal(ConnectionStatus.Error, _ports["jane"].Connection.Status);
        Assert.False(_ports.IsLeased("jane"));
    }

    [Fact]
    public async Task Process_LeaseHeldByAnotherRun_DefersManualAndDropsScheduled()
    {
        var held = await _ports.TryAcquireAsync("jane", TimeSpan.FromMinutes(5), Cancel);

        await _processor.ProcessAsync(Message("jane", "manual"), Cancel);
        await _processor.ProcessAsync(Message("jane", "schedule"), Cancel);

        var (deferred, delay) = Assert.Single(_ports.Queued);
        Assert.Equal(SyncReason.Manual, deferred.Reason);
        Assert.Equal(new SyncProcessorOptions().DeferDelay, delay);
        Assert.Empty(_ports.Log);
        Assert.True(_ports.IsLeased("jane"));
        Assert.NotNull(held);
    }

    [Fact]
    public async Task Process_PushRequest_ClearsTheMarkAfterTakingTheLeaseAndBeforeListingGoogle()
    {
        var calendar = new NotifyingCalendar(_world.Calendar);
        calendar.AfterNextList = () =>
        {
            _ports.Events.Add("listed");
            return Task.CompletedTask;
        };
        var processor = new SyncRequestProcessor(
            _ports, _ports, _ports, _ports, _ports, new FakeCalendarProvider(calendar),
            new StaffSync(_world.Data, _world.State, _world.Clock, new StaffSyncOptions()), new SyncProcessorOptions(), _world.Clock, _ports);
        await _ports.TryMarkAsync("jane", Now.AddMinutes(5), null, Cancel);

        await processor.ProcessAsync(Message("jane", "push"), Cancel);

        Assert.Null(await _ports.FindAsync("jane", Cancel));
        Assert.Equal(["mark push jane", "lease jane", "clear push jane", "listed"], _ports.Events.Take(4));
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
        Assert.Equal(2, _ports.Log.Count);
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
    public async Task Process_DisabledOrUnknownConnection_SkipsWithoutLease()
    {
        _ports.Add(new ConnectionRecord
        {
            Connection = new CalendarConnection("off", "off@example.com", status: ConnectionStatus.Disabled),
            TimeZoneId = "UTC",
            Email = "off@example.com",
        });

        await _processor.ProcessAsync(Message("off"), Cancel);
        await _processor.ProcessAsync(Message("nobody"), Cancel);

        Assert.Empty(_ports.Log);
        Assert.DoesNotContain(_ports.Events, e => e.StartsWith("lease", StringComparison.Ordinal));
    }

    private static string Message(string staffId, string reason = "schedule") =>
        new SyncRequest(staffId, Enum.Parse<SyncReason>(reason, ignoreCase: true), Now).ToJson();

    private sealed class FailingCalendar : ICalendar
    {
        public Task<EventPage> ListEventsAsync(EventListRequest request, CancellationToken cancellationToken) =>
            throw new CalendarTransientException("Google answered 503 four times.");

        public Task<EventPage> ListInstancesAsync(string recurringEventId, EventListRequest request, CancellationToken cancellationToken) =>
            throw new CalendarTransientException("Google answered 503 four times.");

        public Task<CalendarEvent?> GetEventAsync(string eventId, CancellationToken cancellationToken) =>
            throw new CalendarTransientException("Google answered 503 four times.");

        public Task<IReadOnlyList<EventWriteResult>> WriteAsync(IReadOnlyList<EventWrite> writes, CancellationToken cancellationToken) =>
            throw new CalendarTransientException("Google answered 503 four times.");
    }
}
