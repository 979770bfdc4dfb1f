using System.Text.RegularExpressions;

namespace CalendarSync.Emulator.Admin;

/// <summary>One injected fault: which requests it matches and how often it strikes.</summary>
internal sealed class Fault(string id, FaultKind kind, string pathPattern, string? method, double probability, int? count, TimeSpan latency)
{
    private readonly Regex _path = new(
        "^" + Regex.Escape(pathPattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase,
        TimeSpan.FromSeconds(1));

    private int _remaining = count ?? int.MaxValue;

    public string Id { get; } = id;

    public FaultKind Kind { get; } = kind;

    public string PathPattern { get; } = pathPattern;

    public string? Method { get; } = method;

    public double Probability { get; } = probability;

    public int? Count { get; } = count;

    public TimeSpan Latency { get; } = latency;

    public bool IsSpent => Volatile.Read(ref _remaining) <= 0;

    /// <summary>True when this request is hit; a counted fault uses up one strike.</summary>
    public bool Strikes(string method, string path)
    {
        if ((Method is not null && !string.Equals(Method, method, StringComparison.OrdinalIgnoreCase)) || !_path.IsMatch(path))
        {
            return false;
        }

        // Test doubles decide by chance on purpose; nothing here needs unpredictability.
#pragma warning disable CA5394
        if (Probability < 1 && Random.Shared.NextDouble() >= Probability)
#pragma warning restore CA5394
        {
            return false;
        }

        return Interlocked.Decrement(ref _remaining) >= 0;
    }
}
