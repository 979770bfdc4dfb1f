namespace CalendarSync.Emulator.Calendar;

internal static class EventStatus
{
    public const string Confirmed = "confirmed";
    public const string Tentative = "tentative";
    public const string Cancelled = "cancelled";

    public static bool IsValid(string status) => status is Confirmed or Tentative or Cancelled;
}
