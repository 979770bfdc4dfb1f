namespace CalendarSync.Azure.Sync;

/// <summary>
/// The sync queue and its poison queue. Not a setting: the queue trigger binds the constant <see cref="Default"/> and the
/// Functions host names the poison queue after it, so another name would only send messages where nothing listens.
/// Tests register their own to keep their messages apart.
/// </summary>
public sealed record SyncQueueNames(string Queue = SyncQueueNames.Default)
{
    public const string Default = "calendar-sync";

    /// <summary>Where the host moves a message that failed <c>maxDequeueCount</c> times, and the processor a malformed one.</summary>
    public string Poison => Queue + "-poison";
}
