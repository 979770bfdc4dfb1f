using CalendarSync.Core.Calendar;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Scenarios;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Core.Tests.Fakes;

/// <summary>The scenarios' world with every port in memory: fast enough for ten thousand random histories.</summary>
public sealed class InMemorySyncWorld : ISyncWorld
{
    public InMemorySyncWorld(StaffMember staff, DateTimeOffset now, bool forgetsReplacedInstances = false)
    {
        Staff = staff;
        Clock = new FakeTimeProvider(now);
        var data = new InMemoryAppointmentData(staff.Id, Clock);
        var calendar = new FakeGoogleCalendar(Clock, staff.TimeZone) { ForgetsReplacedInstances = forgetsReplacedInstances };
        Data = data;
        States = new InMemorySyncStateStore(Clock);
        Local = data;
        Calendar = calendar;
        StaffCalendar = calendar;
        GoogleCalendar = calendar;
    }

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
