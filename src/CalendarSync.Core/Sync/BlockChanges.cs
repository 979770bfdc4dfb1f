using CalendarSync.Core.Data;

namespace CalendarSync.Core.Sync;

/// <summary>
/// What a page of Google's events changes, in the order it is written: statuses of our own items that must go first
/// (one that an event holding the item's id took over), the Google-origin blocks with their statuses (one write each:
/// a block is never stored without its status, nor a status without its block), the stamps of blocks whose events the
/// full listing saw unchanged, then the statuses of our own items that record what the page saw.
/// </summary>
internal sealed class BlockChanges
{
    public List<ItemStatusWrite> Before { get; } = [];

    public List<GoogleBlockWrite> Blocks { get; } = [];

    /// <summary>Events of blocks as their statuses record them, seen by a full listing: their statuses take its epoch.</summary>
    public List<string> Stamps { get; } = [];

    public List<ItemStatusWrite> After { get; } = [];
}
