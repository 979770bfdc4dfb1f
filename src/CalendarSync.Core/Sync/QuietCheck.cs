using CalendarSync.Core.Calendar;

namespace CalendarSync.Core.Sync;

/// <summary>What a run's quiet check found: whether a run would do nothing, and Google's page if it listed one.</summary>
internal sealed record QuietCheck(bool IsQuiet, EventPage? FirstPage);
