using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Runs;

/// <summary>One row per run per staff member, for operators (the <c>SyncLog</c> table in CalendarSync.Azure).</summary>
public interface ISyncLog
{
    /// <summary>Writes a run's row, with <see cref="SyncRunResult.Error"/> for a run that failed.</summary>
    Task WriteAsync(SyncRunResult result, CancellationToken cancellationToken);

    /// <summary>A staff member's runs, newest first.</summary>
    Task<SyncLogPage> ListAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken);

    /// <summary>Removes every row of a run started before <paramref name="cutoff"/>; answers how many.</summary>
    Task<int> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
