using CalendarSync.Emulator.Admin;

namespace CalendarSync.Emulator.Google;

/// <summary>
/// One Calendar API call, from an HTTP request or from one part of a batch. <c>Path</c> is the path below
/// <c>/calendar/v3/</c>, still URL-encoded; <c>Origin</c> is the emulator's origin as the caller reached it,
/// ending in '/', for links in answers. <c>InBatch</c>: the call is one part of a batch.
/// </summary>
internal sealed record ApiRequest(
    string Method,
    string Path,
    IQueryCollection Query,
    string? Authorization,
    string? IfMatch,
    string? IfNoneMatch,
    ReadOnlyMemory<byte> Body,
    string Origin,
    bool InBatch = false)
{
    /// <summary>A fault that struck this call and changes how it is served (<c>shortPages</c>, <c>cancelReplacedInstances</c>).</summary>
    public FaultKind? Struck { get; init; }
}
