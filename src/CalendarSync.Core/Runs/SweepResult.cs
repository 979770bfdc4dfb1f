using CalendarSync.Core.Connections;

namespace CalendarSync.Core.Runs;

/// <summary>
/// What one sweep did: requests queued, push channels opened or renewed (and those that failed, which the next sweep
/// tries again), and how long it took.
/// </summary>
public sealed record SweepResult(int Queued, ChannelRenewal Channels, TimeSpan Duration);
