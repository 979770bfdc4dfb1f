namespace CalendarSync.Emulator.Calendar;

/// <summary>
/// What one write to a calendar asked for, kept so tests can prove what a client asked Google to do: whom to notify
/// (<c>sendUpdates</c>, and the older <c>sendNotifications</c>, as sent or null) and how many attendees the body
/// named (null: none given). <c>Method</c> is <c>insert</c>, <c>update</c>, <c>patch</c>, <c>delete</c> or <c>move</c>
/// (recorded on the calendar the event left).
/// </summary>
internal sealed record WriteRecord(
    string Method, string? EventId, string? SendUpdates, string? SendNotifications, int? Attendees, bool InBatch, int StatusCode);
