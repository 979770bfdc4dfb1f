namespace CalendarSync.Core.Connections;

/// <summary>One page of connections; <see cref="Continuation"/> asks for the next, null on the last.</summary>
public sealed record ConnectionPage(IReadOnlyList<ConnectionRecord> Items, string? Continuation);
