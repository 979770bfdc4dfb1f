using System.Diagnostics;
using System.Globalization;

namespace CalendarSync.Bench.Infrastructure;

/// <summary>
/// CPU time of this process (the code under test, its clients and, when in-process, the emulator) and of its child
/// processes (Azurite's Node.js), read from the runtime and from Linux's <c>/proc</c>: where two shared cores went.
/// </summary>
internal sealed record CpuTally(TimeSpan Bench, TimeSpan Children)
{
    private const double TicksPerSecond = 100; // USER_HZ, 100 on every Linux the bench runs on

    public static CpuTally Now()
    {
        using var self = Process.GetCurrentProcess();
        return new CpuTally(self.TotalProcessorTime, ChildrenCpu(Environment.ProcessId));
    }

    public CpuTally Since(CpuTally before) => new(Bench - before.Bench, Children - before.Children);

    public string Describe(TimeSpan wall) =>
        $"CPU over {Reporting.Format.Seconds(wall)}: the bench process {Reporting.Format.Seconds(Bench)} " +
        $"({Reporting.Format.N(Bench / wall * 100)} % of one core), Azurite (its table, queue and blob processes together) {Reporting.Format.Seconds(Children)} ({Reporting.Format.N(Children / wall * 100)} % of one core)";

    private static TimeSpan ChildrenCpu(int parent)
    {
        if (!Directory.Exists("/proc"))
        {
            return TimeSpan.Zero;
        }

        double ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // Fields after the command name "(…)": state ppid … utime(14) stime(15), counted from the pid as field 1.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == parent)
                {
                    ticks += double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // A process that ended while we read it, or one not ours to read.
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
