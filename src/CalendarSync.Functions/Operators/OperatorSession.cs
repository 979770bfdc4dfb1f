namespace CalendarSync.Functions.Operators;

/// <summary>A signed-in operator: who (for the page and the log) and the session their forms' tokens are bound to.</summary>
public sealed record OperatorSession(string Name, string SessionId);
