namespace CalendarSync.Core.Connections;

/// <summary>The headers of one push notification (<c>X-Goog-Channel-ID</c>, <c>-Token</c>, <c>X-Goog-Resource-ID</c>, <c>-State</c>), as sent: untrusted.</summary>
public sealed record PushNotification(string? ChannelId, string? Token, string? ResourceId, string? ResourceState);
