namespace CalendarSync.Core.Sync;

/// <summary>The queue's work: one raw sync request message, validated and run for its staff member.</summary>
public interface ISyncRequestProcessor
{
    Task ProcessAsync(string message, CancellationToken cancellationToken);
}
