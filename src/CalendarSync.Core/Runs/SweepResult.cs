using CalendarSync.Core.Connections;

namespace CalendarSync.Core.Runs;

/// <summary>
/// What one sweep did: requests queued, staff members left out because their sync was under way, push channels opened or
/// renewed (and those that failed, which the next sweep tries again), and how long it took.
/// </summary>
public sealed record SweepResult(int Queued, int LeftOutRunning, ChannelRenewal Channels, TimeSpan Duration);
