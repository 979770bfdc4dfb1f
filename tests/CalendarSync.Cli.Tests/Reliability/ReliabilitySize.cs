namespace CalendarSync.Cli.Tests.Reliability;

/// <summary>
/// How big the soak and the concurrency rounds are: small enough for every <c>dotnet test</c> by default, the full
/// size with <c>CALENDARSYNC_SOAK=full</c> (docs/reliability.md).
/// </summary>
internal sealed record ReliabilitySize(string Name, int Staff, int Cycles, int Kills, int Revoked, int ConcurrencyRounds, TimeSpan SweepTimeout)
{
    public const string Variable = "CALENDARSYNC_SOAK";

    public static ReliabilitySize Quick { get; } = new("quick", Staff: 40, Cycles: 6, Kills: 2, Revoked: 2, ConcurrencyRounds: 5, TimeSpan.FromMinutes(2));

    public static ReliabilitySize Full { get; } = new("full", Staff: 1000, Cycles: 20, Kills: 5, Revoked: 10, ConcurrencyRounds: 25, TimeSpan.FromMinutes(15));

    public static ReliabilitySize FromEnvironment() =>
        string.Equals(Environment.GetEnvironmentVariable(Variable), "full", StringComparison.OrdinalIgnoreCase) ? Full : Quick;
}
