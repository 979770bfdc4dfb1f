using CalendarSync.Emulator.Google;

namespace CalendarSync.Emulator.Calendar;

/// <summary>events.move: an event leaves one calendar for another under the same id, its organizer now the destination.</summary>
public sealed partial class CalendarApi
{
    private ApiResponse Move(ApiRequest request, CalendarData source, string eventId, Caller caller)
    {
        var user = caller.Email;
        if (NullIfEmpty(request.Query["destination"]) is not { } destinationId)
        {
            return GoogleError.BadRequest("Required parameter: destination", "required", "destination");
        }

        if (FindCalendar(destinationId, user) is not ({ } destination, { } role))
        {
            return GoogleError.NotFound();
        }

        if (CalendarScopes.ReachOf("Events.Move", caller, destination, role) != CalendarScopes.Reach.Full)
        {
            return GoogleError.InsufficientScopes("Events.Move", CalendarScopes.AcceptedBy("Events.Move"));
        }

        if (!AccessRole.Allows(role, AccessRole.Writer))
        {
            return GoogleError.RequiredAccessLevel(AccessRole.Writer);
        }

        // Our reading where Google is silent: a move to the calendar the event is on changes nothing and answers it.
        if (destination == source)
        {
            lock (source.Gate)
            {
                return source.Events.TryGetValue(eventId, out var here) && !here.IsCancelled
                    ? Ok(EventRenderer.Render(here, source, ResponseZone(request, source), request.Origin))
                    : GoogleError.NotFound();
            }
        }

        // Both calendars' locks, always in the same order, so two opposite moves cannot deadlock.
        var (first, second) = string.CompareOrdinal(source.Id, destination.Id) < 0 ? (source, destination) : (destination, source);
        ApiResponse answer;
        lock (first.Gate)
        {
            lock (second.Gate)
            {
                answer = MoveLocked(request, source, destination, eventId);
            }
        }

        if (answer.StatusCode == 200)
        {
            channels.NotifyChanged(source);
            channels.NotifyChanged(destination);
        }

        return answer;
    }

    private ApiResponse MoveLocked(ApiRequest request, CalendarData source, CalendarData destination, string eventId)
    {
        if (!source.Events.TryGetValue(eventId, out var existing) || existing.IsCancelled)
        {
            return GoogleError.NotFound();
        }

        // Only a whole event moves: an instance of a series is not an event of its own to Google's move (our reading).
        if (existing.RecurringEventId is not null)
        {
            return GoogleError.BadRequest("Cannot move an instance of a recurring event; move the series.", "invalid", "eventId");
        }

        if (existing.EventType != "default")
        {
            return GoogleError.BadRequest(
                $"Events of type {existing.EventType} cannot be moved; only default events can.", "eventTypeRestriction", "eventType");
        }

        // An id the destination holds live is taken; one that left it (moved away or deleted) may come back.
        if (destination.Events.TryGetValue(eventId, out var there) && !there.IsCancelled)
        {
            return GoogleError.Duplicate();
        }

        var exceptions = source.Events.Values.Where(e => e.RecurringEventId == existing.Id).ToList();
        var moved = Arrive(destination, existing);
        foreach (var exception in exceptions)
        {
            Arrive(destination, exception);
        }

        foreach (var left in exceptions.Where(e => !e.IsCancelled).Prepend(existing))
        {
            Cancel(source, left);
        }

        return Ok(EventRenderer.Render(moved, destination, ResponseZone(request, destination), request.Origin));
    }

    /// <summary>The event as stored in the calendar it moved to: the same id and fields, a new version and etag there.</summary>
    private StoredEvent Arrive(CalendarData destination, StoredEvent ev)
    {
        var now = time.GetUtcNow();
        destination.Updated = now;
        var version = destination.NextVersion();
        var arrived = new StoredEvent
        {
            Id = ev.Id,
            Body = ev.Body,
            Status = ev.Status,
            Created = ev.Created,
            Updated = now,
            Version = version,
            Ordinal = destination.Events.TryGetValue(ev.Id, out var before) ? before.Ordinal : destination.NextOrdinal(),
            ETag = destination.ETag(version),
            Sequence = ev.Sequence,
            Start = ev.Start,
            End = ev.End,
            Recurrence = ev.Recurrence,
            RecurringEventId = ev.RecurringEventId,
            OriginalStart = ev.OriginalStart,
            Replaced = ev.Replaced,
            GivenTimes = ev.GivenTimes,
        };
        destination.Events[ev.Id] = arrived;
        return arrived;
    }
}
