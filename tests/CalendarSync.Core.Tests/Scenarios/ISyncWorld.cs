using CalendarSync.Core.Calendar;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Core.Tests.Scenarios;

/// <summary>
/// Everything a scenario runs against: the engine's three ports and the two sides' own hands. The in-memory world
/// implements it with fakes; the Azure issue implements it with Azurite and the emulator, and runs the same scenarios.
/// </summary>
public interface ISyncWorld : IAsyncDisposable
{
    FakeTimeProvider Clock { get; }

    StaffMember Staff { get; }

    IAppointmentData Data { get; }

    ISyncStateStore State { get; }

    ICalendar Calendar { get; }

    ILocalEditor Local { get; }

    IStaffCalendar StaffCalendar { get; }
}
