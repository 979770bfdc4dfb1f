using System.Net.Http.Json;
using CalendarSync.Core.Calendar;
using CalendarSync.Core.Tests.Scenarios;
using CalendarSync.Google.Calendar;
using CalendarSync.Google.Calendar.Data;
using CalendarSync.Google.Sync;
using CalendarSync.Testing;
using CoreEventType = CalendarSync.Core.Calendar.EventType;
using GoogleEvent = CalendarSync.Google.Calendar.Data.Event;

namespace CalendarSync.Azure.Tests.Scenarios;

/// <summary>The staff member's own hands on their emulated Google Calendar: plain Calendar v3 calls with their grant.</summary>
internal sealed class EmulatorStaffCalendar(CalendarService service, string email, Uri emulator) : IStaffCalendar
{
    public async Task<string> AddEventAsync(CalendarEvent draft, CancellationToken cancellationToken)
    {
        var added = await service.Events.Insert(ToGoogle(draft, withId: false), email).ExecuteAsync(cancellationToken);
        return added.Id!;
    }

    public async Task UpdateEventAsync(string eventId, Func<CalendarEvent, CalendarEvent> change, CancellationToken cancellationToken)
    {
        var current = GoogleEventMapper.ToCore(await service.Events.Get(email, eventId).ExecuteAsync(cancellationToken));
        await service.Events.Update(ToGoogle(change(current), withId: true), email, eventId).ExecuteAsync(cancellationToken);
    }

    public async Task DeleteEventAsync(string eventId, CancellationToken cancellationToken) =>
        await service.Events.Delete(email, eventId).ExecuteAsync(cancellationToken);

    public Task<IReadOnlyList<CalendarEvent>> ListLiveEventsAsync(CancellationToken cancellationToken) =>
        LiveEvents.ListAsync(service, email, cancellationToken);

    public async Task ExpireSyncTokensAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = emulator };
        using var response = await http.PostAsJsonAsync("emulator/faults", new { kind = "expireSyncTokens" }, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    // The mapper writes what the sync writes; a staff member's edits also carry their own answer and the event's type.
    private GoogleEvent ToGoogle(CalendarEvent source, bool withId)
    {
        var google = GoogleEventMapper.ToGoogle(source, null);
        google.Id = withId ? source.Id : null;
        google.Attendees = source.SelfResponse == AttendeeResponse.None
            ? null
            : [new EventAttendee { Email = email, ResponseStatus = source.SelfResponse switch
            {
                AttendeeResponse.Declined => "declined",
                AttendeeResponse.Tentative => "tentative",
                AttendeeResponse.NeedsAction => "needsAction",
                _ => "accepted",
            } }];
        google.EventType = source.EventType == CoreEventType.WorkingLocation ? "workingLocation" : null;
        return google;
    }
}
