namespace CalendarSync.Core.Connections;

/// <summary>
/// Where connect links point (the function app's anonymous <c>calendar/connect</c> route), how long a link lives before it
/// is opened, and how long the consent it starts may take.
/// </summary>
public sealed record ConnectLinkOptions(Uri ConnectUri, TimeSpan LinkLifetime, TimeSpan ConsentLifetime);
