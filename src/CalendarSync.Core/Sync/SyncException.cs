namespace CalendarSync.Core.Sync;

/// <summary>A run failed in <see cref="Stage"/>; <see cref="Result"/> says what it did before. Safe to run again.</summary>
public sealed class SyncException : Exception
{
    public SyncException()
    {
        Result = new SyncRunResult { StaffId = string.Empty, Outcome = SyncOutcome.Failed };
    }

    public SyncException(string message)
        : base(message)
    {
        Result = new SyncRunResult { StaffId = string.Empty, Outcome = SyncOutcome.Failed };
    }

    public SyncException(string message, Exception innerException)
        : base(message, innerException)
    {
        Result = new SyncRunResult { StaffId = string.Empty, Outcome = SyncOutcome.Failed };
    }

    public SyncException(SyncStage stage, SyncRunResult result, Exception innerException)
        : base($"The sync of staff member {result.StaffId} failed in stage {stage}: {innerException.Message}", innerException)
    {
        Stage = stage;
        Result = result;
    }

    public SyncStage Stage { get; }

    public SyncRunResult Result { get; }
}
