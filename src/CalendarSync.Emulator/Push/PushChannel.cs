namespace CalendarSync.Emulator.Push;

/// <summary>A notification channel opened by events.watch on one calendar, by <c>Owner</c> (the user whose token opened it).</summary>
internal sealed class PushChannel(
    string id, string resourceId, string resourceUri, string calendarId, string owner, Uri address, string? token, DateTimeOffset expiration)
{
    private long _messageNumber;

    public string Id { get; } = id;

    public string ResourceId { get; } = resourceId;

    public string ResourceUri { get; } = resourceUri;

    public string CalendarId { get; } = calendarId;

    public string Owner { get; } = owner;

    public Uri Address { get; } = address;

    public string? Token { get; } = token;

    public DateTimeOffset Expiration { get; } = expiration;

    public long NextMessageNumber() => Interlocked.Increment(ref _messageNumber);
}
