using CalendarSync.Azure.Sync;
using CalendarSync.Core.Runs;
using Microsoft.Azure.Functions.Worker;

namespace CalendarSync.Functions.Sync;

/// <summary>One queued message, one staff member synced both ways.</summary>
public sealed class SyncStaffCalendarFunction(ISyncRequestProcessor processor)
{
    [Function(nameof(SyncStaffCalendar))]
    public Task SyncStaffCalendar([QueueTrigger(SyncQueueNames.Default)] string message, CancellationToken cancellationToken) =>
        processor.ProcessAsync(message, cancellationToken);
}
