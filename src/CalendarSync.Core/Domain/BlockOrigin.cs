namespace CalendarSync.Core.Domain;

public enum BlockOrigin
{
    /// <summary>Entered in the appointment system; pushed to the calendar.</summary>
    Local,

    /// <summary>Mirrors a staff member's own Google event; written only by the sync.</summary>
    Google,
}
