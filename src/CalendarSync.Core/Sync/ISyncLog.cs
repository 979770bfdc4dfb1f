namespace CalendarSync.Core.Sync;

/// <summary>One row per run per staff member, for operators (the <c>SyncLog</c> table in CalendarSync.Azure).</summary>
public interface ISyncLog
{
    /// <summary>Writes a run's row; <paramref name="errorClass"/> names the failure (an exception's type), null for a run that did not fail.</summary>
    Task WriteAsync(SyncRunResult result, string? errorClass, CancellationToken cancellationToken);

    /// <summary>A staff member's runs, newest first.</summary>
    Task<SyncLogPage> ListAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken);

    /// <summary>Removes every row of a run started before <paramref name="cutoff"/>; answers how many.</summary>
    Task<int> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
