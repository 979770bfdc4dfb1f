using CalendarSync.Core.Calendar;

namespace CalendarSync.Core.Sync;

/// <summary>What a run's quiet check found: whether a run would do nothing, and Google's page and free/busy if it asked them.</summary>
internal sealed record QuietCheck(bool IsQuiet, EventPage? FirstPage, IReadOnlyDictionary<string, CalendarBusy>? BusyAnswer = null);
