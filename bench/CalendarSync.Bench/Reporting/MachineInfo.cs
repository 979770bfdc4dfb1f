using System.Runtime.InteropServices;

namespace CalendarSync.Bench.Reporting;

/// <summary>The machine a run measured, read from the runtime, for the report's header.</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return $"{Environment.ProcessorCount} cores, {Format.N(memory / 1024.0 / 1024.0 / 1024.0, 1)} GiB memory, " +
               $"{RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture}), {RuntimeInformation.FrameworkDescription}";
    }

    /// <summary>The 1-, 5- and 15-minute load averages now ("1.02 / 0.87 / 0.64"), or "unknown" off Linux.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
