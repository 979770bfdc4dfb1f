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

    private ApiResponse Get(ApiRequest request, CalendarData calendar, string eventId)
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

            return Ok(EventRenderer.Render(ev, calendar, ResponseZone(request, calendar), request.Origin));
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
            }

            if (EventInput.Validate(merged, calendar, out var error) is not { } input)
            {
                return error!;
            }

            var timesChanged = input.Start != existing.Start || input.End != existing.End ||
                               !(input.Recurrence ?? []).SequenceEqual(existing.Recurrence ?? []);
            var sequence = body["sequence"] is JsonValue seq && seq.TryGetValue<int>(out var clientSequence)
                ? Math.Max(clientSequence, existing.Sequence)
                : existing.Sequence + (timesChanged ? 1 : 0);
            var stored = Store(calendar, input, existing.Id, existing, sequence, existing.RecurringEventId, existing.OriginalStart);
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
        CalendarData calendar, EventInput input, string id, StoredEvent? existing, int sequence, string? recurringEventId, EventTime? originalStart)
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
        };
        calendar.Events[id] = stored;
        return stored;
    }

    /// <summary>How far ahead an endless series is expanded.</summary>
    private DateTimeOffset Horizon() => time.GetUtcNow().AddYears(2);
}
