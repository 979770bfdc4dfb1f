namespace CalendarSync.Emulator.Admin;

/// <summary>
/// Body of <c>POST /emulator/faults</c>. <c>kind</c> is a <see cref="FaultKind"/> (camelCase), or one of the
/// immediate actions <c>expireSyncTokens</c> and <c>revokeGrant</c> (with <c>email</c>). <c>path</c> is a
/// pattern where <c>*</c> matches anything (default: every Google path); without <c>probability</c> or
/// <c>count</c> a fault strikes every matching request until cleared.
/// </summary>
public sealed record FaultRequest(
    string? Kind, string? Path, string? Method, double? Probability, int? Count, int? LatencyMs, string? Email);
