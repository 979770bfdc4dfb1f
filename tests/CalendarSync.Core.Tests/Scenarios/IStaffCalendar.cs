using CalendarSync.Core.Calendar;

namespace CalendarSync.Core.Tests.Scenarios;

/// <summary>The staff member's own hands on their calendar (Google's UI, their phone): what the scenarios do on the Google side.</summary>
public interface IStaffCalendar
{
    /// <summary>Adds an event under a new id (the draft's id is ignored); a draft with <see cref="CalendarEvent.Recurrence"/> is a series.</summary>
    Task<string> AddEventAsync(CalendarEvent draft, CancellationToken cancellationToken);

    /// <summary>Edits an event as Google's UI does: a series edit reaches every instance, an instance edit only that one.</summary>
    Task UpdateEventAsync(string eventId, Func<CalendarEvent, CalendarEvent> change, CancellationToken cancellationToken);

    Task DeleteEventAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>Every event that is not deleted, recurring series expanded into instances (Google's singleEvents view).</summary>
    Task<IReadOnlyList<CalendarEvent>> ListLiveEventsAsync(CancellationToken cancellationToken);

    /// <summary>Makes Google forget every sync token issued so far, so the next incremental listing gets 410.</summary>
    Task ExpireSyncTokensAsync(CancellationToken cancellationToken);
}
