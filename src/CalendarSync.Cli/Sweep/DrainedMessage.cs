using CalendarSync.Cli.Hosting;

namespace CalendarSync.Cli.Sweep;

/// <summary>One message as the drain handled it, with what the processor answered about it (or the failed run it threw).</summary>
internal sealed record DrainedMessage(string MessageId, long DequeueCount, MessageFate Fate, RunReport? Report, string? Error, TimeSpan Elapsed)
{
    public string StaffId => Report?.StaffId ?? "?";

    /// <summary>The run's outcome, the skip, or the error the message threw.</summary>
    public string Outcome => Fate switch
    {
        MessageFate.Done => Report?.Outcome ?? "Done",
        MessageFate.Retrying => $"Retrying ({DequeueCount} of the allowed tries)",
        _ => "Poisoned",
    };
}
