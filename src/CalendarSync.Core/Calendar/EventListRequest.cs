namespace CalendarSync.Core.Calendar;

/// <summary>
/// One <c>events.list</c> call. With <see cref="SyncToken"/>, Google returns everything changed since (deleted events
/// included) and allows no time range; without it, <see cref="TimeMin"/>/<see cref="TimeMax"/> bound the listing.
/// </summary>
public sealed record EventListRequest
{
    public string? SyncToken { get; init; }

    public string? PageToken { get; init; }

    public DateTimeOffset? TimeMin { get; init; }

    public DateTimeOffset? TimeMax { get; init; }

    public bool ShowDeleted { get; init; }

    /// <summary>Expand recurring events into their instances (the sync always does, so each instance blocks its own time).</summary>
    public bool SingleEvents { get; init; } = true;

    public int MaxResults { get; init; } = 250;
}
