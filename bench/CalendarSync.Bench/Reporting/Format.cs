using System.Globalization;

namespace CalendarSync.Bench.Reporting;

/// <summary>Numbers as the tables show them: invariant culture, thousands separated.</summary>
internal static class Format
{
    public static string N(double value, int decimals = 0) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan value) => N(value.TotalSeconds, 2) + " s";

    public static string Ms(double milliseconds) => N(milliseconds, 0) + " ms";

    public static string Mb(long bytes) => N(bytes / 1024.0 / 1024.0, 0) + " MB";
}
