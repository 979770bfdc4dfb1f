namespace CalendarSync.Emulator.Push;

/// <summary>One POST to a channel's address: <c>sync</c> when the channel opens, <c>exists</c> after each change.</summary>
internal sealed record PushNotification(PushChannel Channel, string ResourceState, long MessageNumber);
