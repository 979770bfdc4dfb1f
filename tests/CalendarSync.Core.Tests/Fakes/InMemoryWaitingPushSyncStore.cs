using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;

namespace CalendarSync.Core.Tests.Fakes;

/// <summary>Waiting-push marks in memory, under the store's rule: a mark is written only if it is still as its writer read it.</summary>
public sealed class InMemoryWaitingPushSyncStore : IWaitingPushSyncStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, WaitingPushSync> _marks = new(StringComparer.Ordinal);

    /// <summary>Runs once, before the next conditional write: another writer getting in between a read and a write.</summary>
    public Func<Task>? BeforeNextMark { get; set; }

    public Task<WaitingPushSync?> FindAsync(string staffId, CancellationToken cancellationToken)
    {
        ItemId.Validate(staffId, "staff");
        lock (_gate)
        {
            return Task.FromResult(_marks.GetValueOrDefault(staffId));
        }
    }

    public async Task<WaitingPushSync?> TryMarkAsync(
        string staffId, DateTimeOffset expiresAt, WaitingPushSync? replacing, CancellationToken cancellationToken)
    {
        ItemId.Validate(staffId, "staff");
        if (BeforeNextMark is { } other)
        {
            BeforeNextMark = null;
            await other();
        }

        lock (_gate)
        {
            if (_marks.GetValueOrDefault(staffId)?.Version != replacing?.Version)
            {
                return null;
            }

            var mark = new WaitingPushSync(staffId, expiresAt, Guid.NewGuid().ToString("N"));
            _marks[staffId] = mark;
            return mark;
        }
    }

    public Task ClearAsync(string staffId, CancellationToken cancellationToken)
    {
        ItemId.Validate(staffId, "staff");
        lock (_gate)
        {
            _marks.Remove(staffId);
        }

        return Task.CompletedTask;
    }
}
