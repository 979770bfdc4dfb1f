namespace CalendarSync.Core.Calendar;

public sealed record EventWriteResult(EventWriteOutcome Outcome, CalendarEvent? Event = null, CalendarException? Error = null);
