namespace CalendarSync.Core.Sync;

/// <summary>The timer's work: one sync request queued per enabled connection.</summary>
public interface ISyncScheduler
{
    Task ScheduleAsync(CancellationToken cancellationToken);
}
