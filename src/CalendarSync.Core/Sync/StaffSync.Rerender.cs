using CalendarSync.Core.Calendar;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Sync;

public sealed partial class StaffSync
{
    // Settings that change again and again before a re-rendering finishes: past this many, what the events show is
    // taken as unknown, and every event is rewritten that the current rendering cannot prove unchanged.
    private const int MaxRenderingsRemembered = 3;
    private const string UnknownRendering = "?";

    // Google's per-user quota is counted per minute (600 requests); a run's rewrites are at most 500
    // (EventOptions.RerenderPerRun), and runs that rewrite come at least a minute apart, however often a staff
    // member's calendar is synced (our own writes bring push notifications, and with them runs, within seconds).
    private static readonly TimeSpan RerenderInterval = TimeSpan.FromMinutes(1);

    /// <summary>A staff member's first push renders everything with today's settings; the state says so from the start.</summary>
    private SyncState WithFirstRendering(SyncState state) =>
        state is { LocalWatermark: null, WindowEnd: null, RenderedWith: null } ? state with { RenderedWith = rendering.Fingerprint } : state;

    /// <summary>Whether a run may rewrite events now because they may show other settings than today's: one is due even when nothing else changed.</summary>
    private bool RerenderDue(SyncState state) =>
        state.RenderedWith != rendering.Fingerprint && (state.RerenderedAt is not { } last || time.GetUtcNow() - last >= RerenderInterval);

    /// <summary>
    /// After a change of the <c>Events__*</c> settings, walks the window's items and rewrites each event whose
    /// rendering changed (it differs from what one of the earlier settings made of the item), leaving the others
    /// untouched: at most <see cref="EventOptions.RerenderPerRun"/> writes a run, so that a business's switch to
    /// private templates reaches every calendar over the next sweeps within Google's per-user quota. False when the
    /// time budget stopped it; the state keeps the place either way.
    /// </summary>
    private async Task<bool> RerenderAsync(SyncRun run, long started, CancellationToken cancellationToken)
    {
        if (run.Connection.Direction == SyncDirection.PullOnly || run.State.RenderedWith == rendering.Fingerprint)
        {
            return true;
        }

        if (run.State.RerenderedAt is { } last && time.GetUtcNow() - last < RerenderInterval)
        {
            run.Note = "Events are being rewritten for changed event settings (Events__*); the next run after a minute goes on.";
            return true;
        }

        run.Stage = SyncStage.Push;
        // The last line is what the re-rendering under way rewrites events to; the items it walked already show that.
        var shown = run.State.RenderedWith?.Split('\n').ToList() ?? [EventRendering.Legacy.Fingerprint];
        if (shown[^1] != rendering.Fingerprint)
        {
            // Settings other than those of the re-rendering under way: it starts over, and every item is compared
            // with everything its event may show.
            shown.Remove(rendering.Fingerprint);
            shown = shown.Count >= MaxRenderingsRemembered ? [UnknownRendering, rendering.Fingerprint] : [.. shown, rendering.Fingerprint];
            await SaveStateAsync(run, run.State with { RenderedWith = string.Join('\n', shown), RerenderContinuation = null }, cancellationToken);
        }

        var earlier = shown.Where(f => f != rendering.Fingerprint).Select(EventRendering.FromFingerprint).ToList();
        var rewritten = 0;
        while (true)
        {
            var room = rendering.RerenderPerRun - rewritten;
            if (room == 0)
            {
                run.Note = $"{rewritten} events were rewritten for the changed event settings (Events__*); the next runs go on, a minute apart or more.";
                return true;
            }

            LocalItemPage page;
            try
            {
                page = await data.GetItemsInRangeAsync(
                    run.Staff.Id, run.Window.From, run.Window.To, run.State.RerenderContinuation, Math.Min(options.PageSize, room), cancellationToken);
            }
            catch (InvalidContinuationException) when (run.State.RerenderContinuation is not null)
            {
                await SaveStateAsync(run, run.State with { RerenderContinuation = null }, cancellationToken);
                continue;
            }

            var written = await RerenderPageAsync(run, page.Items, earlier, cancellationToken);
            rewritten += written;
            var rerenderedAt = written > 0 ? time.GetUtcNow() : run.State.RerenderedAt;
            if (page.Continuation is null)
            {
                await SaveStateAsync(
                    run, run.State with { RenderedWith = rendering.Fingerprint, RerenderContinuation = null, RerenderedAt = rerenderedAt }, cancellationToken);
                run.Note = rewritten > 0 ? $"{rewritten} events were rewritten for the changed event settings (Events__*); every event now follows them." : null;
                return true;
            }

            // Saved only after the page's events are rewritten and have their statuses: a crash before it walks the
            // page again, and an event already rewritten is compared once more (and written once more) at worst.
            await SaveStateAsync(run, run.State with { RerenderContinuation = page.Continuation, RerenderedAt = rerenderedAt }, cancellationToken);
            if (OverBudget(started))
            {
                return false;
            }
        }
    }

    /// <summary>Rewrites the page's events whose rendering changed; answers how many it wrote.</summary>
    private async Task<int> RerenderPageAsync(
        SyncRun run, IReadOnlyList<LocalItem> items, IReadOnlyList<EventRendering?> earlier, CancellationToken cancellationToken)
    {
        var ours = items.Where(item => EventRendering.BelongsOnCalendar(item) && InWindow(run, item)).ToList();
        var statuses = await StatusesAsync(run, [.. ours.Select(item => item.Key)], cancellationToken);
        var planned = new List<PlannedEventWrite>();
        foreach (var item in ours)
        {
            // An item without status, or with one of another version, is the push's: it renders it anew anyway.
            if (statuses.GetValueOrDefault(item.Key) is not { } status || status.LocalVersion != item.Version)
            {
                continue;
            }

            var rendered = rendering.Render(item, run.Staff.TimeZone);
            if (earlier.Any(before => before is null || !EventRendering.Matches(before.Render(item, run.Staff.TimeZone), rendered)))
            {
                planned.Add(new(item, EventWrite.Update(rendered, status.ETag), "re-rendered for changed event settings (Events__*)"));
            }
        }

        // Written, or for an event edited or deleted in Google since (412, 404), the three-way compare.
        await WritePlannedAsync(run, planned, cancellationToken);
        return planned.Count;
    }
}
