using System.Runtime.InteropServices;

namespace CalendarSync.Bench.Reporting;

/// <summary>The machine a run measured, read from the runtime, for the report's header.</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ').Take(3) : [];
        return $"{Environment.ProcessorCount} cores, {Format.N(memory / 1024.0 / 1024.0 / 1024.0, 1)} GiB memory, " +
               $"{RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture}), {RuntimeInformation.FrameworkDescription}" +
               (load.Any() ? $"; load average at the end of the run {string.Join(" / ", load)}" : "");
    }
}
