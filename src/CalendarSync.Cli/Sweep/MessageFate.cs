namespace CalendarSync.Cli.Sweep;

/// <summary>What became of one queue message in a drain.</summary>
internal enum MessageFate
{
    /// <summary>Processed and deleted.</summary>
    Done,

    /// <summary>It threw; it stays on the queue and is visible again after the visibility timeout.</summary>
    Retrying,

    /// <summary>It threw on its last allowed try (or came back too often) and was moved to the poison queue.</summary>
    Poisoned,
}
