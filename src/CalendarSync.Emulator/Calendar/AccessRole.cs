namespace CalendarSync.Emulator.Calendar;

/// <summary>Google's access roles on a calendar, weakest first; <see cref="None"/> is no access at all.</summary>
internal static class AccessRole
{
    public const string None = "none";
    public const string FreeBusyReader = "freeBusyReader";
    public const string Reader = "reader";
    public const string Writer = "writer";
    public const string Owner = "owner";

    private static readonly string[] Ranked = [None, FreeBusyReader, Reader, Writer, Owner];

    public static bool IsValid(string? role) => role is not null && Array.IndexOf(Ranked, role) >= 0;

    /// <summary>Whether <paramref name="role"/> grants at least what <paramref name="needed"/> grants.</summary>
    public static bool Allows(string role, string needed) => Array.IndexOf(Ranked, role) >= Array.IndexOf(Ranked, needed);
}
