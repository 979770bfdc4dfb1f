using CalendarSync.Cli.Sweep;

namespace CalendarSync.Cli.Commands;

/// <summary>One line of a sweep's summary, as the table and <c>--json</c> show it.</summary>
internal sealed record SweepRow(string StaffId, string Outcome, int Created, int Updated, int Deleted, int Imported, long DurationMs, string? Note)
{
    public static SweepRow From(DrainedMessage message)
    {
        var result = message.Report?.Result;
        var duration = result?.Duration ?? message.Elapsed;
        return new SweepRow(
            message.StaffId, message.Outcome, result?.Created ?? 0, result?.Updated ?? 0, result?.Deleted ?? 0,
            result?.Imported ?? 0, (long)duration.TotalMilliseconds, message.Error ?? message.Report?.Detail);
    }
}
