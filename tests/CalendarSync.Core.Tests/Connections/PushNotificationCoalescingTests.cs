using CalendarSync.Core.Calendar;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Fakes;

namespace CalendarSync.Core.Tests.Connections;

/// <summary>
/// Notifications and the queue's runs together: however many notifications come while a run is waiting or under way,
/// at most one more run follows, and none is lost.
/// </summary>
public sealed class PushNotificationCoalescingTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly StaffMember Jane = new("jane", "jane@example.com", "jane@example.com", "Europe/Berlin");

    private readonly InMemorySyncWorld _world = new(Jane, Now);
    private readonly InMemoryFunctionPorts _ports;
    private readonly NotifyingCalendar _calendar;
    private readonly PushNotificationService _notifications;
    private readonly SyncRequestProcessor _processor;
    private readonly PushNotification _change;

    public PushNotificationCoalescingTests()
    {
        _ports = new InMemoryFunctionPorts(_world.Clock, _world.States);
        _ports.Add(new ConnectionRecord { Connection = new CalendarConnection("jane", "jane@example.com"), TimeZoneId = "Europe/Berlin", Email = "jane@example.com" });
        var channels = new FakePushChannels(_world.Clock);
        var channel = new PushChannelService(_ports, channels, new PushChannelOptions(), _world.Clock)
            .OpenAsync(_ports["jane"], CancellationToken.None).GetAwaiter().GetResult();
        _change = new PushNotification(channel.ChannelId, channels.Open[channel.ChannelId].Token, "resource-jane", "exists");
        _calendar = new NotifyingCalendar(_world.Calendar);
        _notifications = new PushNotificationService(_ports, _ports, _ports, new SyncProcessorOptions(), _world.Clock);
        _processor = new SyncRequestProcessor(
            _ports, _world.State, _world.Data, _ports, _ports, _ports, new FakeCalendarProvider(_calendar),
            new StaffSync(_world.Data, _world.State, _world.Clock, new StaffSyncOptions(), EventRendering.Default), new SyncProcessorOptions(), _world.Clock, _ports,
            new ConflictWatch(new ConflictReport(new BusyOf((InMemoryAppointmentData)_world.Data), _ports, new StaffSyncOptions(), _world.Clock), _ports), []);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    [Fact]
    public async Task HandleAsync_ManyNotificationsDuringOneRun_LeadToExactlyOneFollowUpRun()
    {
        await _notifications.HandleAsync(_change, Cancel);
        _calendar.AfterNextList = async () =>
        {
            // Our own writes coming back, or the staff member busy in Google: five notifications while the run lists.
            for (var i = 0; i < 5; i++)
            {
                await _notifications.HandleAsync(_change, Cancel);
            }
        };

        await DrainQueueAsync();

        Assert.Equal(2, _ports.Runs.Count);
        var followUp = _ports.Runs[^1];
        Assert.Equal(0, followUp.Writes);
    }

    [Fact]
    public async Task HandleAsync_FollowUpTakenWhileTheRunIsStillUnderWay_IsDeferredAndTheNextNotificationsAddNothing()
    {
        await _notifications.HandleAsync(_change, Cancel);
        _calendar.AfterNextList = async () =>
        {
            await _notifications.HandleAsync(_change, Cancel);

            // Another instance takes the follow-up at once: the lease is held, so it goes back to wait, still marked.
            var (followUp, _) = Assert.Single(_ports.Queued);
            _ports.Queued.Clear();
            await _processor.ProcessAsync(followUp.ToJson(), Cancel);
            for (var i = 0; i < 4; i++)
            {
                await _notifications.HandleAsync(_change, Cancel);
            }

            Assert.Equal(new SyncProcessorOptions().DeferDelay, Assert.Single(_ports.Queued).Delay);
        };

        await DrainQueueAsync();

        Assert.Equal(2, _ports.Runs.Count);
        Assert.Null(await _ports.FindAsync("jane", Cancel));
    }

    [Fact]
    public async Task HandleAsync_ChangeInGoogleAfterTheRunListed_IsSyncedByTheFollowUpRun()
    {
        await _notifications.HandleAsync(_change, Cancel);
        _calendar.AfterNextList = async () =>
        {
            await _world.StaffCalendar.AddEventAsync(Lunch(), Cancel);
            await _notifications.HandleAsync(_change, Cancel);
        };

        await DrainQueueAsync();

        Assert.Equal(2, _ports.Log.Count);
        var block = Assert.Single((await _world.Local.ListLiveAsync(Cancel)).OfType<BlockedSlot>());
        Assert.Equal("Lunch", block.Summary);
    }

    /// <summary>Takes the queue's messages oldest first, as the queue trigger does, until none is left.</summary>
    private async Task DrainQueueAsync()
    {
        for (var taken = 0; _ports.Queued.Count > 0; taken++)
        {
            Assert.True(taken < 100, "The queue never drained.");
            var (request, _) = _ports.Queued[0];
            _ports.Queued.RemoveAt(0);
            await _processor.ProcessAsync(request.ToJson(), Cancel);
        }
    }

    private static CalendarEvent Lunch() => new()
    {
        Id = string.Empty,
        Summary = "Lunch",
        Start = EventDateTime.ForInstant(Now.AddDays(1).AddHours(3), Jane.TimeZone),
        End = EventDateTime.ForInstant(Now.AddDays(1).AddHours(4), Jane.TimeZone),
    };
}
