namespace CalendarSync.Core.Calendar;

public enum EventWriteKind
{
    Insert,
    Update,
    Delete,
}
