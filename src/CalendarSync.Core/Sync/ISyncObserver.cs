namespace CalendarSync.Core.Sync;

/// <summary>
/// Where the sync's runs are reported: the function app logs them and turns them into Application Insights metrics.
/// Carries staff ids, counts and outcomes only: no tokens, no customer names.
/// </summary>
public interface ISyncObserver
{
    void Completed(SyncRunResult result, Domain.ConnectionStatus status);

    void Failed(SyncRunResult result, string errorClass);

    void Skipped(SyncRequest request, string reason);

    void MalformedRequest(string problem);
}
