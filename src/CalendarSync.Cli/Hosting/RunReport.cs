using CalendarSync.Core.Sync;

namespace CalendarSync.Cli.Hosting;

/// <summary>What the processor reported about one message: a run's result, a skip, or a refused message.</summary>
internal sealed record RunReport(string StaffId, string Outcome, SyncRunResult? Result, string? Detail);
