using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Fakes;
using CalendarSync.Core.Tests.Scenarios;

namespace CalendarSync.Core.Tests.Sync;

/// <summary>
/// A staff member in Berlin with in-memory ports, on 2026-10-20, five days before the end of summer time; or, given
/// a world, on one with another store of the appointment data.
/// </summary>
public sealed class SyncTestbed
{
    public static readonly DateTimeOffset Now = new(2026, 10, 20, 6, 0, 0, TimeSpan.Zero);

    public SyncTestbed(
        Action<StaffSyncOptions>? configure = null,
        SyncDirection direction = SyncDirection.Bidirectional,
        string zone = "Europe/Berlin",
        Func<StaffMember, DateTimeOffset, InMemorySyncWorld>? world = null)
    {
        Staff = new StaffMember("s1", "Sam Staff", "sam@example.com", zone);
        World = world is null ? new InMemorySyncWorld(Staff, Now) : world(Staff, Now);
        Options = new StaffSyncOptions { BusinessTimeZone = zone, PageSize = 50 };
        configure?.Invoke(Options);
        Connection = new CalendarConnection(Staff.Id, Staff.Email, direction);
    }

    public StaffMember Staff { get; }

    public InMemorySyncWorld World { get; }

    public FakeGoogleCalendar Google => World.GoogleCalendar;

    public ILocalEditor Local => World.Local;

    public StaffSyncOptions Options { get; }

    public CalendarConnection Connection { get; set; }

    public PortCalls LastCalls { get; private set; } = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>What the business lets reach the calendar: the privacy defaults unless a test sets other templates.</summary>
    public EventRendering Rendering { get; set; } = EventRendering.Default;

    public StaffSync Engine => new(World.Data, World.State, World.Clock, Options, Rendering);

    public Task<SyncRunResult> SyncAsync(ICalendar? calendar = null, bool allowMassDelete = false, PortCalls? calls = null)
    {
        LastCalls = calls ?? new PortCalls();
        return new StaffSync(new RecordingAppointmentData(World.Data, LastCalls), new RecordingSyncStateStore(World.State, LastCalls), World.Clock, Options, Rendering)
            .RunAsync(Staff, Connection, new RecordingCalendar(calendar ?? World.Calendar, LastCalls), allowMassDelete, Token);
    }

    /// <summary>A local time in Berlin (or the testbed's zone) on the given day.</summary>
    public DateTimeOffset At(int month, int day, int hour) =>
        SyncScenarioRunner.LocalInstant(new DateOnly(2026, month, day), hour, Staff.TimeZone);

    public async Task<Appointment> AppointmentAsync(
        string id, DateTimeOffset start, int minutes = 60, string customer = "Jane Doe", AppointmentStatus status = AppointmentStatus.Booked) =>
        (Appointment)await Local.SaveAsync(
            new Appointment(id, Staff.Id, Period.Timed(start, start.AddMinutes(minutes)), customer, "Haircut", null, status), Token);

    public Task<LocalItem> SaveAsync(LocalItem item) => Local.SaveAsync(item, Token);

    public Task<bool> DeleteAsync(ItemKey key) => Local.DeleteAsync(key, Token);

    public Task<CalendarEvent?> EventOfAsync(ItemKey key) => Google.GetEventAsync(EventIds.For(key), Token);

    public async Task<IReadOnlyList<CalendarEvent>> LiveEventsAsync() => await Google.ListLiveEventsAsync(Token);

    public async Task<IReadOnlyList<BlockedSlot>> GoogleBlocksAsync() =>
        [.. (await Local.ListLiveAsync(Token)).OfType<BlockedSlot>().Where(b => b.Origin == BlockOrigin.Google)];

    public Task<string> StaffAddsAsync(DateTimeOffset start, int minutes = 60, string summary = "Dentist", Func<CalendarEvent, CalendarEvent>? shape = null)
    {
        var draft = new CalendarEvent
        {
            Id = string.Empty,
            Summary = summary,
            Start = EventDateTime.ForInstant(start, Staff.TimeZone),
            End = EventDateTime.ForInstant(start.AddMinutes(minutes), Staff.TimeZone),
        };
        return Google.AddEventAsync(shape is null ? draft : shape(draft), Token);
    }

    /// <summary>
    /// An event under an id chosen by whoever made it, as another app, or the organiser of an invitation, can put one
    /// into the calendar: no properties of ours.
    /// </summary>
    public async Task<string> OutsiderAddsAsync(string eventId, DateTimeOffset start, string summary = "Team meeting")
    {
        var written = await Google.WriteAsync(
            [EventWrite.Insert(new CalendarEvent
            {
                Id = eventId,
                Summary = summary,
                Start = EventDateTime.ForInstant(start, Staff.TimeZone),
                End = EventDateTime.ForInstant(start.AddHours(1), Staff.TimeZone),
            })],
            Token);
        return written[0].Outcome == EventWriteOutcome.Written ? eventId : throw new InvalidOperationException($"The fake refused {eventId}.");
    }

    public Task StaffChangesAsync(string eventId, Func<CalendarEvent, CalendarEvent> change) => Google.UpdateEventAsync(eventId, change, Token);

    public Task StaffDeletesAsync(string eventId) => Google.DeleteEventAsync(eventId, Token);

    public static Func<CalendarEvent, CalendarEvent> MovedBy(TimeSpan by, TimeZoneInfo zone) => e => e with
    {
        Start = EventDateTime.ForInstant(e.Start!.DateTime!.Value + by, zone),
        End = EventDateTime.ForInstant(e.End!.DateTime!.Value + by, zone),
    };
}
