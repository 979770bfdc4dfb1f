using CalendarSync.Core.Calendar;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Runs;

/// <summary>A dry run of one staff member: what a sync now would write on either side (<see cref="StaffSync.PlanAsync"/>), writing nothing.</summary>
public sealed class SyncPlanner(IConnectionStore connections, ICalendarProvider calendars, StaffSync staffSync)
{
    /// <summary>The plan; null when the staff member has no enabled connection.</summary>
    public async Task<SyncPlan?> PlanAsync(string staffId, CancellationToken cancellationToken)
    {
        if (await connections.GetAsync(staffId, cancellationToken) is not { IsEnabled: true } record)
        {
            return null;
        }

        var calendar = await calendars.OpenAsync(record.Connection, cancellationToken);
        try
        {
            return await staffSync.PlanAsync(record.Staff, record.Connection, calendar, cancellationToken);
        }
        finally
        {
            (calendar as IDisposable)?.Dispose();
        }
    }
}
