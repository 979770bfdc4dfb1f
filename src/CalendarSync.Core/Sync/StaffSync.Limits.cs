using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.History;

namespace CalendarSync.Core.Sync;

/// <summary>
/// What Google's refusals that are not failures do to a run: usage limits pause every write to the calendar for hours
/// (pulls go on), and a write Google refuses for the event's own sake is left, recorded, while the run goes on.
/// </summary>
public sealed partial class StaffSync
{
    private bool WritesPaused(SyncRun run) => run.State.WritesPausedUntil is { } until && until > time.GetUtcNow();

    /// <summary>Google's usage limits struck: no writes until the pause is over, saved so that the next runs keep it.</summary>
    private async Task<SyncRunResult> PauseWritesAsync(SyncRun run, long started, CalendarUsageLimitedException limited, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + options.UsageLimitPause;
        await SaveStateAsync(run, run.State with { WritesPausedUntil = until }, cancellationToken);
        return run.ToResult(SyncOutcome.UsageLimited, time.GetElapsedTime(started),
            $"{limited.Message} Writes to the calendar pause until {until:u}; Google's changes are still pulled.");
    }

    private SyncRunResult PausedResult(SyncRun run, long started) =>
        run.ToResult(SyncOutcome.UsageLimited, time.GetElapsedTime(started),
            $"Google's usage limits for this calendar were exceeded: writes pause until {run.State.WritesPausedUntil:u}; Google's changes were pulled.");

    /// <summary>
    /// Google refused to write one of our events for a reason of the event's own: it stays as Google has it, the
    /// conflict says so, and the item's status takes its version, so that runs do not ask again until the item changes.
    /// </summary>
    private async Task RecordRefusedWriteAsync(SyncRun run, LocalItem? item, ItemKey key, CalendarException refusal, CancellationToken cancellationToken)
    {
        run.Conflict(new SyncConflict(key, refusal.Message, BothSidesChanged: false, ConflictResolution.GoogleRefusedWrite));
        if (item is not null && await StatusAsync(run, key, cancellationToken) is { } status)
        {
            var entry = Entry(key, ItemHistoryAction.Skipped, status.EventId, $"Google refused to write the event: {refusal.Message}");
            await WriteStatusesAsync(run, [ItemStatusWrite.Save(status with { LocalVersion = item.Version }) with { History = entry }], cancellationToken);
        }
    }
}
