using CalendarSync.Core.Sync;
using Microsoft.Azure.Functions.Worker;

namespace CalendarSync.Functions.Sync;

/// <summary>One queued message, one staff member synced both ways.</summary>
public sealed class SyncStaffCalendarFunction(ISyncRequestProcessor processor)
{
    public const string QueueName = "calendar-sync";

    [Function(nameof(SyncStaffCalendar))]
    public Task SyncStaffCalendar([QueueTrigger(QueueName)] string message, CancellationToken cancellationToken) =>
        processor.ProcessAsync(message, cancellationToken);
}
