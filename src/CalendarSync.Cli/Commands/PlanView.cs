using CalendarSync.Core.Sync;
using Spectre.Console;

namespace CalendarSync.Cli.Commands;

/// <summary>A dry run's plan as <c>calsync sync --dry-run</c> shows it, and its <c>--json</c>.</summary>
internal sealed record PlanView(
    string StaffId, string Outcome, bool Quiet, string? Message, IReadOnlyList<PlanView.Write> Google, IReadOnlyList<PlanView.Write> Local,
    IReadOnlyList<PlanView.Status> Statuses, IReadOnlyList<PlanView.Conflict> Conflicts)
{
    /// <summary>One planned write: <c>create</c>, <c>update</c>, <c>delete</c> (an event), <c>import</c>, <c>remove</c> (a block), <c>move</c> (an appointment), <c>move to calendar</c> (an event, to the write calendar).</summary>
    internal sealed record Write(string Action, string? Item, string EventId, string? Summary, string? Period);

    /// <summary>An item status the run would save or remove.</summary>
    internal sealed record Status(string Item, string Action);

    internal sealed record Conflict(string Item, string What, string Resolution);

    public static PlanView From(SyncPlan plan) => new(
        plan.Result.StaffId,
        plan.Result.Outcome.ToString(),
        plan.Result.Quiet,
        plan.Result.Message,
        [.. plan.Google.Select(ToWrite)],
        [.. plan.Local.Select(ToWrite)],
        [.. plan.Statuses.Select(write => new Status(write.Key.ToString(), write.Status is null ? "remove" : "save"))],
        [.. plan.Result.Conflicts.Select(conflict => new Conflict(conflict.Key.ToString(), conflict.What, conflict.Resolution.ToString()))]);

    public Table Table()
    {
        var table = new Table().Title($"Dry run of {Markup.Escape(StaffId)}: {Markup.Escape(Outcome)}, nothing written")
            .AddColumns("side", "action", "item", "event", "what");
        foreach (var (side, write) in Google.Select(w => ("Google", w)).Concat(Local.Select(w => ("local", w))))
        {
            var what = string.Join(" ", new[] { write.Summary, write.Period }.Where(part => !string.IsNullOrEmpty(part)));
            table.AddRow(side, write.Action, Markup.Escape(write.Item ?? "?"), Markup.Escape(write.EventId), Markup.Escape(what));
        }

        table.Caption(Quiet
            ? "Nothing changed on either side: a run now would write nothing."
            : $"{Statuses.Count} item statuses would be saved or removed; {Conflicts.Count} conflicts.");
        return table;
    }

    private static Write ToWrite(PlannedWrite write) => new(
        write.Kind switch
        {
            PlannedWriteKind.CreateEvent => "create",
            PlannedWriteKind.UpdateEvent => "update",
            PlannedWriteKind.DeleteEvent => "delete",
            PlannedWriteKind.MoveEvent => "move to calendar",
            PlannedWriteKind.ImportBlock => "import",
            PlannedWriteKind.RemoveBlock => "remove",
            _ => "move",
        },
        write.Key?.ToString(), write.EventId, write.Summary, write.Period?.ToString());
}
