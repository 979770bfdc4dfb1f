namespace CalendarSync.Functions.Operators;

/// <summary>
/// The function key as the app itself knows it, for <see cref="OperatorSignInMode.FunctionKey"/>. In Azure the host keeps
/// its keys from the worker, so only a host that holds the key registers it (<c>calsync serve</c>); without it, the
/// operator pages are off in that mode.
/// </summary>
public sealed record OperatorKey(string Value);
