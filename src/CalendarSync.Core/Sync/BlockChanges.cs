using CalendarSync.Core.Data;

namespace CalendarSync.Core.Sync;

/// <summary>
/// What a page of Google's events changes in the Google-origin blocks, in the order it is written: statuses that must
/// exist before their blocks (a new block's status without etag, so that a run dying after the block leaves it found),
/// the blocks, then the statuses that record them (a removed block's status goes last, so that it is found until then).
/// </summary>
internal sealed class BlockChanges
{
    public List<ItemStatusWrite> Before { get; } = [];

    public List<GoogleBlockWrite> Blocks { get; } = [];

    public List<ItemStatusWrite> After { get; } = [];
}
