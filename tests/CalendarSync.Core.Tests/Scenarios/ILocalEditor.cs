using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Tests.Scenarios;

/// <summary>The appointment system's side in the scenarios: its writes, and a look at everything it holds.</summary>
public interface ILocalEditor
{
    /// <summary>Creates or replaces an item; the store gives it the next version and the current time (the draft's are ignored).</summary>
    Task<LocalItem> SaveAsync(LocalItem draft, CancellationToken cancellationToken);

    /// <summary>Deletes an item, leaving a tombstone; false if there was none.</summary>
    Task<bool> DeleteAsync(ItemKey key, CancellationToken cancellationToken);

    /// <summary>Every item that is not deleted, Google-origin blocks included.</summary>
    Task<IReadOnlyList<LocalItem>> ListLiveAsync(CancellationToken cancellationToken);
}
