using CalendarSync.Emulator.Admin;
using System.Text.Json.Nodes;
using CalendarSync.Emulator.Google;

namespace CalendarSync.Emulator.Calendar;

/// <summary>events.insert, get, update, patch and delete.</summary>
public sealed partial class CalendarApi
{
    private ApiResponse Insert(ApiRequest request, CalendarData calendar)
    {
        if (EventInput.ParseBody(request.Body) is not { } body)
        {
            return EventInput.ParseError();
        }

        var id = body["id"] is JsonValue idValue && idValue.TryGetValue<string>(out var clientId) ? clientId : null;
        if (id is not null && !EventIds.IsValid(id))
        {
            return GoogleError.BadRequest("Invalid resource id value.");
        }

        if (EventInput.Validate(body, calendar, out var error) is not { } input)
        {
            return error!;
        }

        if (EventTypeRules.RefusedNew(input) is { } refused)
        {
            return refused;
        }

        JsonObject rendered;
        lock (calendar.Gate)
        {
            id ??= EventIds.NewId();

            // Ids stay taken after a delete: Google answers 409 to a retried insert of a deleted event too.
            if (calendar.Events.ContainsKey(id))
            {
                return GoogleError.Duplicate();
            }

            var sequence = body["sequence"] is JsonValue seq && seq.TryGetValue<int>(out var clientSequence) ? clientSequence : 0;
            var stored = Store(calendar, input, id, existing: null, sequence, recurringEventId: null, originalStart: null);
            rendered = EventRenderer.Render(stored, calendar, ResponseZone(request, calendar), request.Origin);
        }

        channels.NotifyChanged(calendar);
        return Ok(rendered);
    }

    private ApiResponse Get(ApiRequest request, CalendarData calendar, string role, string eventId)
    {
        lock (calendar.Gate)
        {
            if (FindOrInstance(calendar, eventId) is not { } ev)
            {
                return GoogleError.NotFound();
            }

            if (request.IfNoneMatch is { } ifNoneMatch && ifNoneMatch == ev.ETag)
            {
                return new ApiResponse(304, null);
            }

            var rendered = EventRenderer.Render(ev, calendar, ResponseZone(request, calendar), request.Origin);
            return Ok(role == AccessRole.FreeBusyReader ? EventRenderer.BusyOnly(rendered) : rendered);
        }
    }

    private ApiResponse Write(ApiRequest request, CalendarData calendar, string eventId, bool patch)
    {
        if (EventInput.ParseBody(request.Body) is not { } body)
        {
            return EventInput.ParseError();
        }

        JsonObject rendered;
        lock (calendar.Gate)
        {
            if (FindOrInstance(calendar, eventId) is not { } existing)
            {
                return GoogleError.NotFound();
            }

            if (request.IfMatch is { } ifMatch && ifMatch != "*" && ifMatch != existing.ETag)
            {
                return GoogleError.PreconditionFailed();
            }

            var merged = body;
            if (patch)
            {
                merged = (JsonObject)existing.Body.DeepClone();
                merged["start"] = existing.Start.Render(calendar.Zone);
                merged["end"] = existing.End.Render(calendar.Zone);
                if (existing.Recurrence is { } recurrence)
                {
                    merged["recurrence"] = new JsonArray(recurrence.Select(line => (JsonNode?)line).ToArray());
                }

                merged["status"] = existing.Status;
                EventInput.Merge(merged, body);
            }
            else
            {
                merged["status"] ??= existing.Status == EventStatus.Cancelled ? EventStatus.Confirmed : existing.Status;

                // The type is fixed at creation: an update that leaves it out keeps it.
                merged["eventType"] ??= existing.EventType;
            }

            var givenType = body["eventType"]?.GetValue<string>();
            if (givenType is not null && givenType != existing.EventType)
            {
                return GoogleError.BadRequest("The event type cannot be changed.", "eventTypeRestriction", "eventType");
            }

            // Google's own event types may be changed, within their rules; they are never created by a client.
            if (EventInput.Validate(merged, calendar, out var error, anyEventType: existing.EventType is "birthday" or "fromGmail") is not { } input)
            {
                return error!;
            }

            if (EventTypeRules.RefusedChange(existing, input) is { } refused ||
                (existing.RecurringEventId is null && EventTypeRules.RefusedNew(input) is { } broken && (refused = broken) is not null))
            {
                return refused;
            }

            var timesChanged = input.Start != existing.Start || input.End != existing.End ||
                               !(input.Recurrence ?? []).SequenceEqual(existing.Recurrence ?? []);
            int sequence;
            if (body["sequence"] is JsonValue seq && seq.TryGetValue<int>(out var clientSequence))
            {
                // Google refuses to take an event's sequence back: the client wrote over a newer version.
                if (clientSequence < existing.Sequence)
                {
                    return GoogleError.InvalidSequence();
                }

                sequence = clientSequence;
            }
            else
            {
                sequence = existing.Sequence + (timesChanged ? 1 : 0);
            }

            var stored = Store(calendar, input, existing.Id, existing, sequence, existing.RecurringEventId, existing.OriginalStart);
            if (existing.IsRecurring && existing.RecurringEventId is null)
            {
                ReplaceInstances(calendar, existing, stored, listGoneAsCancelled: request.Struck == FaultKind.CancelReplacedInstances);
            }
            rendered = EventRenderer.Render(stored, calendar, ResponseZone(request, calendar), request.Origin);
        }

        channels.NotifyChanged(calendar);
        return Ok(rendered);
    }

    private ApiResponse Delete(ApiRequest request, CalendarData calendar, string eventId)
    {
        lock (calendar.Gate)
        {
            if (FindOrInstance(calendar, eventId) is not { } existing)
            {
                return GoogleError.NotFound();
            }

            if (existing.IsCancelled)
            {
                return GoogleError.Deleted();
            }

            if (request.IfMatch is { } ifMatch && ifMatch != "*" && ifMatch != existing.ETag)
            {
                return GoogleError.PreconditionFailed();
            }

            Cancel(calendar, existing);
            if (existing.IsRecurring)
            {
                // Deleting a series deletes its modified instances with it.
                foreach (var exception in calendar.Events.Values.Where(e => e.RecurringEventId == existing.Id && !e.IsCancelled).ToList())
                {
                    Cancel(calendar, exception);
                }
            }
        }

        channels.NotifyChanged(calendar);
        return ApiResponse.NoContent;
    }

    /// <summary>
    /// After a change to a whole series: the instances it did away with are stored as cancelled when a
    /// <c>cancelReplacedInstances</c> fault struck the change (no source settles whether Google lists them), and such
    /// markers of instances the change brought back go. Caller holds the lock.
    /// </summary>
    private void ReplaceInstances(CalendarData calendar, StoredEvent before, StoredEvent after, bool listGoneAsCancelled)
    {
        var now = new HashSet<string>(after.Instances(calendar.Zone, Horizon()).Select(start => EventIds.InstanceId(after.Id, start)), StringComparer.Ordinal);
        foreach (var marker in calendar.Events.Values.Where(e => e.Replaced && e.RecurringEventId == after.Id && now.Contains(e.Id)).ToList())
        {
            calendar.Events.Remove(marker.Id);
        }

        if (!listGoneAsCancelled)
        {
            return;
        }

        foreach (var start in before.Instances(calendar.Zone, Horizon()))
        {
            var id = EventIds.InstanceId(before.Id, start);
            if (!now.Contains(id) && !calendar.Events.ContainsKey(id))
            {
                var gone = InstanceOf(before, start);
                var input = new EventInput(before.Body, gone.Start, gone.End, null, EventStatus.Cancelled);
                Store(calendar, input, id, existing: null, before.Sequence, before.Id, start, replaced: true);
            }
        }
    }

    private void Cancel(CalendarData calendar, StoredEvent existing)
    {
        var input = new EventInput(existing.Body, existing.Start, existing.End, existing.Recurrence, EventStatus.Cancelled);
        Store(calendar, input, existing.Id, existing, existing.Sequence, existing.RecurringEventId, existing.OriginalStart);
    }

    /// <summary>A stored event, or an unmodified instance of a stored series (not stored until it is written).</summary>
    private StoredEvent? FindOrInstance(CalendarData calendar, string eventId)
    {
        if (calendar.Events.TryGetValue(eventId, out var stored))
        {
            return stored;
        }

        if (!EventIds.TryParseInstanceId(eventId, out var seriesId, out var originalStart) ||
            !calendar.Events.TryGetValue(seriesId, out var series) || !series.IsRecurring || series.IsCancelled)
        {
            return null;
        }

        var instance = series.Instances(calendar.Zone, Horizon())
            .FirstOrDefault(start => EventIds.InstanceId(seriesId, start) == eventId);
        return instance is null ? null : InstanceOf(series, instance);
    }

    /// <summary>One instance of a series as Google shows it: the series' fields at the instance's times.</summary>
    private static StoredEvent InstanceOf(StoredEvent series, EventTime start)
    {
        var duration = series.End.Instant - series.Start.Instant;
        var end = start.Date is { } date
            ? new EventTime(date.AddDays(series.End.Date!.Value.DayNumber - series.Start.Date!.Value.DayNumber), default, null)
            : new EventTime(null, start.Instant + duration, series.End.TimeZone);
        return new StoredEvent
        {
            Id = EventIds.InstanceId(series.Id, start),
            Body = series.Body,
            Status = series.Status,
            Created = series.Created,
            Updated = series.Updated,
            Version = series.Version,
            Ordinal = series.Ordinal,
            ETag = series.ETag,
            Sequence = series.Sequence,
            Start = start,
            End = end,
            RecurringEventId = series.Id,
            OriginalStart = start,
        };
    }

    private StoredEvent Store(
        CalendarData calendar, EventInput input, string id, StoredEvent? existing, int sequence, string? recurringEventId, EventTime? originalStart,
        bool replaced = false)
    {
        var now = time.GetUtcNow();
        calendar.Updated = now;
        var version = calendar.NextVersion();
        var body = (JsonObject)input.Body.DeepClone();
        foreach (var name in body.Select(pair => pair.Key).Where(EventRenderer.IsServerField).Where(n => n != "attendees").ToList())
        {
            body.Remove(name);
        }

        var stored = new StoredEvent
        {
            Id = id,
            Body = body,
            Status = input.Status,
            Created = existing?.Created ?? now,
            Updated = now,
            Version = version,
            Ordinal = calendar.Events.ContainsKey(id) && existing is not null ? existing.Ordinal : calendar.NextOrdinal(),
            ETag = calendar.ETag(version),
            Sequence = sequence,
            Start = input.Start,
            End = input.End,
            Recurrence = recurringEventId is null ? input.Recurrence : null,
            RecurringEventId = recurringEventId,
            OriginalStart = originalStart,
            Replaced = replaced,
        };
        calendar.Events[id] = stored;
        return stored;
    }

    /// <summary>How far ahead an endless series is expanded.</summary>
    private DateTimeOffset Horizon() => time.GetUtcNow().AddYears(2);
}
