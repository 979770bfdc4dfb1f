using CalendarSync.Core.Calendar;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Scenarios;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Core.Tests.Fakes;

/// <summary>
/// The scenarios' world with every port in memory: fast enough for ten thousand random histories. Another store of the
/// appointment data (PostgreSQL) joins it with <see cref="WithAppointmentData"/>, the rest staying in memory.
/// </summary>
public sealed class InMemorySyncWorld : ISyncWorld
{
    public InMemorySyncWorld(StaffMember staff, DateTimeOffset now, bool forgetsReplacedInstances = false)
        : this(staff, new FakeTimeProvider(now), forgetsReplacedInstances, null, null)
    {
    }

    private InMemorySyncWorld(StaffMember staff, FakeTimeProvider clock, bool forgetsReplacedInstances, IAppointmentData? data, ILocalEditor? local)
    {
        Staff = staff;
        Clock = clock;
        var memory = data is null ? new InMemoryAppointmentData(staff.Id, Clock) : null;
        var calendar = new FakeGoogleCalendar(Clock, staff.TimeZone) { ForgetsReplacedInstances = forgetsReplacedInstances };
        Data = data ?? memory!;
        States = new InMemorySyncStateStore(Clock);
        Local = local ?? memory!;
        Calendar = calendar;
        StaffCalendar = calendar;
        GoogleCalendar = calendar;
    }

    /// <summary>The world on another store of the appointment data: <paramref name="data"/> is what the sync reads and writes, <paramref name="local"/> the business's hands on it.</summary>
    public static InMemorySyncWorld WithAppointmentData(
        StaffMember staff, DateTimeOffset now, bool forgetsReplacedInstances, IAppointmentData data, ILocalEditor local) =>
        new(staff, new FakeTimeProvider(now), forgetsReplacedInstances, data, local);

    public FakeTimeProvider Clock { get; }

    public StaffMember Staff { get; }

    public IAppointmentData Data { get; }

    public ISyncStateStore State => States;

    /// <summary>The state store as itself, for ports that share its lease (<see cref="InMemoryFunctionPorts"/>).</summary>
    public InMemorySyncStateStore States { get; }

    public ICalendar Calendar { get; }

    public ILocalEditor Local { get; }

    public IStaffCalendar StaffCalendar { get; }

    public FakeGoogleCalendar GoogleCalendar { get; }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
