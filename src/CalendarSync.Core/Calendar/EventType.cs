namespace CalendarSync.Core.Calendar;

public enum EventType
{
    Default,
    OutOfOffice,
    FocusTime,
    WorkingLocation,
    BirthdayOrOther,
}
