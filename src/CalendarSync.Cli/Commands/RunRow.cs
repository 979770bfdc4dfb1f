using System.Globalization;
using CalendarSync.Cli.Hosting;
using CalendarSync.Cli.Sweep;
using Spectre.Console;

namespace CalendarSync.Cli.Commands;

/// <summary>One staff member's run, as the sweep's and sync's tables and <c>--json</c> show it.</summary>
internal sealed record RunRow(
    string StaffId, string Outcome, int Created, int Updated, int Deleted, int Imported, int BlocksRemoved, long DurationMs, string? Note)
{
    /// <summary>A row per staff member the message names; one row for a message whose staff members are not known (it threw or was poisoned unread).</summary>
    public static IEnumerable<RunRow> From(DrainedMessage message) =>
        message.Reports.Count == 0
            ? [From("?", message.OutcomeOf(null), null, message.Elapsed, message.Error)]
            : message.Reports.Select(report => From(report.StaffId, message.OutcomeOf(report), report, message.Elapsed, message.Error));

    public static RunRow From(string staffId, string outcome, RunReport? report, TimeSpan elapsed, string? error)
    {
        var result = report?.Result;
        return new RunRow(
            staffId, outcome, result?.Created ?? 0, result?.Updated ?? 0, result?.Deleted ?? 0, result?.Imported ?? 0, result?.BlocksRemoved ?? 0,
            (long)(result?.Duration ?? elapsed).TotalMilliseconds, error ?? report?.Detail);
    }

    public static Table Table(string title, IEnumerable<RunRow> rows)
    {
        var table = new Table().Title(title).AddColumns("staff", "outcome", "created", "updated", "deleted", "imported", "unblocked", "duration", "note");
        foreach (var row in rows.OrderBy(r => r.StaffId, StringComparer.Ordinal))
        {
            table.AddRow(
                Markup.Escape(row.StaffId), Markup.Escape(row.Outcome), Count(row.Created), Count(row.Updated), Count(row.Deleted),
                Count(row.Imported), Count(row.BlocksRemoved), $"{Count(row.DurationMs)} ms", Markup.Escape(row.Note ?? ""));
        }

        return table;
    }

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
