namespace CalendarSync.Core.Calendar;

public enum EventTransparency
{
    /// <summary>Busy: blocks time.</summary>
    Opaque,

    /// <summary>Free: does not block time.</summary>
    Transparent,
}
