using System.Globalization;
using System.Text.RegularExpressions;

namespace CalendarSync.Cli.Tests.Reliability;

/// <summary>
/// How big the soak and the concurrency rounds are: small enough for every <c>dotnet test</c> by default, the full
/// size with <c>CALENDARSYNC_SOAK=full</c>, or <c>CALENDARSYNC_SOAK=300x20</c> (staff × cycles, the full size's kills and
/// rounds) for the largest soak a machine has time for (docs/reliability.md).
/// </summary>
internal sealed partial record ReliabilitySize(
    string Name, int Staff, int Cycles, int Kills, int Revoked, int ConcurrencyRounds, int ConcurrencyStaff, TimeSpan SweepTimeout)
{
    public const string Variable = "CALENDARSYNC_SOAK";

    public static ReliabilitySize Quick { get; } = new(
        "quick", Staff: 40, Cycles: 6, Kills: 2, Revoked: 2, ConcurrencyRounds: 5, ConcurrencyStaff: 20, TimeSpan.FromMinutes(2));

    public static ReliabilitySize Full { get; } = new(
        "full", Staff: 1000, Cycles: 20, Kills: 5, Revoked: 10, ConcurrencyRounds: 25, ConcurrencyStaff: 200, TimeSpan.FromMinutes(15));

    public static ReliabilitySize FromEnvironment() => Parse(Environment.GetEnvironmentVariable(Variable));

    public static ReliabilitySize Parse(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Equals(Quick.Name, StringComparison.OrdinalIgnoreCase))
        {
            return Quick;
        }

        if (value.Equals(Full.Name, StringComparison.OrdinalIgnoreCase))
        {
            return Full;
        }

        // A typo must not quietly run the quick size and report it as the one asked for.
        var custom = StaffByCycles().Match(value);
        if (!custom.Success)
        {
            throw new InvalidOperationException($"{Variable} is quick, full or STAFFxCYCLES such as 300x20, not '{value}'.");
        }

        var staff = int.Parse(custom.Groups["staff"].Value, CultureInfo.InvariantCulture);
        var cycles = int.Parse(custom.Groups["cycles"].Value, CultureInfo.InvariantCulture);
        return Full with
        {
            Name = value,
            Staff = staff,
            Cycles = cycles,
            Kills = Math.Min(Full.Kills, cycles - 1),
            Revoked = Math.Max(1, staff / 100),
            ConcurrencyStaff = Math.Min(Full.ConcurrencyStaff, staff),
        };
    }

    [GeneratedRegex("^(?<staff>[1-9][0-9]{0,4})x(?<cycles>[4-9]|[1-9][0-9]{1,2})$")]
    private static partial Regex StaffByCycles();
}
