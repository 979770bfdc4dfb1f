namespace CalendarSync.Core.Connections;

/// <summary>What one sweep did to push channels: opened or renewed, and failed (each failure is kept, the sweep goes on).</summary>
public sealed record ChannelRenewal(int Renewed, IReadOnlyList<(string StaffId, Exception Error)> Failures);
