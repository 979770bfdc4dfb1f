namespace CalendarSync.Core.Domain;

public enum ItemKind
{
    Appointment,
    Block,
    Exception,
    Closure,
}
