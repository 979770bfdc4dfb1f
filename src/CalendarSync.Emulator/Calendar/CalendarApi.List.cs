using CalendarSync.Emulator.Admin;
using System.Globalization;
using System.Text.Json.Nodes;
using CalendarSync.Emulator.Google;

namespace CalendarSync.Emulator.Calendar;

/// <summary>events.list and events.instances, with paging, sync tokens and instance expansion.</summary>
public sealed partial class CalendarApi
{
    private const int DefaultPageSize = 250;
    private const int MaxPageSize = 2500;

    // Google refuses these together with a syncToken: the token already fixes what the answer holds.
    private static readonly string[] ForbiddenWithSyncToken =
    [
        "timeMin", "timeMax", "updatedMin", "q", "orderBy", "privateExtendedProperty", "sharedExtendedProperty", "iCalUID",
    ];

    private static readonly string[] CheckedParameters =
        ["maxResults", "timeMin", "timeMax", "updatedMin", "orderBy", "showDeleted", "singleEvents"];

    private ApiResponse List(ApiRequest request, CalendarData calendar, string role, string? seriesId)
    {
        var query = request.Query;
        var syncToken = seriesId is null ? NullIfEmpty(query["syncToken"].ToString()) : null;
        if (syncToken is not null && ForbiddenWithSyncToken.FirstOrDefault(name => query.ContainsKey(name)) is { } forbidden)
        {
            return GoogleError.BadRequest($"The parameter {forbidden} cannot be used together with syncToken.", location: forbidden);
        }

        if (ParseListQuery(query, seriesId is not null) is not { } filter)
        {
            return ListQueryError(query);
        }

        if (filter.OrderByStartTime && !filter.SingleEvents)
        {
            return GoogleError.BadRequest("The requested ordering is not available for the particular query.", location: "orderBy");
        }

        var zone = ResponseZone(request, calendar);
        var pageToken = NullIfEmpty(query["pageToken"].ToString());
        lock (calendar.Gate)
        {
            long snapshot = calendar.Version;
            long? since = null;
            var lastKey = string.Empty;
            var afterEmpty = false;
            if (pageToken is not null)
            {
                if (!ListCursor.TryReadPageToken(pageToken, calendar, out snapshot, out since, out lastKey, out afterEmpty))
                {
                    return GoogleError.BadRequest("Invalid page token value.", location: "pageToken");
                }
            }
            else if (syncToken is not null)
            {
                since = ListCursor.ReadSyncToken(syncToken, calendar, calendars.SyncGeneration);
                if (since is null)
                {
                    return GoogleError.FullSyncRequired();
                }
            }

            if (seriesId is not null && (!calendar.Events.TryGetValue(seriesId, out var series) || !series.IsRecurring))
            {
                return GoogleError.NotFound();
            }

            var page = Collect(calendar, filter, snapshot, since, seriesId)
                .Where(entry => string.CompareOrdinal(entry.Key, lastKey) > 0)
                .OrderBy(entry => entry.Key, StringComparer.Ordinal)
                .Take(filter.MaxResults + 1)
                .ToList();

            // Google may answer a page with fewer items than asked, or none, and still name a next page.
            var take = Math.Min(page.Count, filter.MaxResults);
            if (request.Struck == FaultKind.ShortPages && take > 0)
            {
                take = Math.Max(take / 2, afterEmpty ? 1 : 0);
            }

            var items = new JsonArray();
            foreach (var (_, ev) in page.Take(take))
            {
                var rendered = ev.IsCancelled ? EventRenderer.RenderDeleted(ev, zone) : EventRenderer.Render(ev, calendar, zone, request.Origin);
                items.Add(role == AccessRole.FreeBusyReader ? EventRenderer.BusyOnly(rendered) : rendered);
            }

            var answer = new JsonObject
            {
                ["kind"] = "calendar#events",
                ["etag"] = $"\"{calendar.Updated.ToUnixTimeMilliseconds()}\"",
                ["summary"] = calendar.Summary,
                ["description"] = calendar.Description ?? string.Empty,
                ["updated"] = RfcTime.Stamp(calendar.Updated),
                ["timeZone"] = calendar.Zone.Id,
                ["accessRole"] = role,
                ["defaultReminders"] = new JsonArray(),
            };
            if (page.Count > take)
            {
                answer["nextPageToken"] = take == 0
                    ? ListCursor.PageToken(calendar, snapshot, since, lastKey, afterEmpty: true)
                    : ListCursor.PageToken(calendar, snapshot, since, page[take - 1].Key);
            }
            else if (seriesId is null)
            {
                answer["nextSyncToken"] = ListCursor.SyncToken(calendar, calendars.SyncGeneration, snapshot);
            }

            answer["items"] = items;
            return Ok(answer);
        }
    }

    /// <summary>Every event (or instance) the query selects, each with its sort key. Caller holds the lock.</summary>
    private List<(string Key, StoredEvent Event)> Collect(CalendarData calendar, ListFilter filter, long snapshot, long? since, string? seriesId)
    {
        var entries = new List<(string, StoredEvent)>();

        // The hot path of every sync run: nothing changed since the token, so nothing to scan.
        if (since is not null && since >= snapshot)
        {
            return entries;
        }

        var deletedVisible = since is not null || filter.ShowDeleted || filter.UpdatedMin is not null;
        foreach (var ev in calendar.Events.Values)
        {
            // Written after the first page (or this list) was taken: the next incremental sync reports it.
            if (ev.Version > snapshot || (since is not null && ev.Version <= since))
            {
                continue;
            }

            if (seriesId is not null && ev.Id != seriesId && ev.RecurringEventId != seriesId)
            {
                continue;
            }

            if (!filter.Matches(ev))
            {
                continue;
            }

            if (filter.SingleEvents && ev.IsRecurring && ev.IsCancelled)
            {
                if (deletedVisible && seriesId is null)
                {
                    AddDeletedInstances(calendar, ev, filter, entries);
                }

                continue;
            }

            if (filter.SingleEvents && ev.IsRecurring)
            {
                foreach (var start in ev.Instances(calendar.Zone, Horizon()))
                {
                    if (calendar.Events.ContainsKey(EventIds.InstanceId(ev.Id, start)))
                    {
                        continue;
                    }

                    var instance = InstanceOf(ev, start);
                    if (filter.Overlaps(instance, calendar.Zone))
                    {
                        entries.Add((SortKey(instance, filter, calendar.Zone), instance));
                    }
                }

                continue;
            }

            var visible = !ev.IsCancelled || deletedVisible ||
                          (ev.RecurringEventId is not null && !filter.SingleEvents && seriesId is null);
            if (visible && (ev.IsCancelled || (ev.IsRecurring ? SeriesOverlaps(ev, filter, calendar.Zone) : filter.Overlaps(ev, calendar.Zone))))
            {
                entries.Add((SortKey(ev, filter, calendar.Zone), ev));
            }
        }

        return entries;
    }

    /// <summary>
    /// A deleted series, expanded: its instances come back cancelled, as Google lists them with <c>singleEvents</c>, but
    /// only up to <see cref="EmulatorOptions.DeletedSeriesSpan"/> ahead of now, as Google has been seen to do. Instances
    /// stored on their own (modified or cancelled ones) are listed as themselves.
    /// </summary>
    private void AddDeletedInstances(CalendarData calendar, StoredEvent series, ListFilter filter, List<(string, StoredEvent)> entries)
    {
        var until = time.GetUtcNow() + accounts.Options.DeletedSeriesSpan;
        foreach (var start in series.Instances(calendar.Zone, Horizon()))
        {
            if (start.InstantIn(calendar.Zone) >= until)
            {
                break;
            }

            if (calendar.Events.ContainsKey(EventIds.InstanceId(series.Id, start)))
            {
                continue;
            }

            var instance = InstanceOf(series, start);
            if (filter.Overlaps(instance, calendar.Zone))
            {
                entries.Add((SortKey(instance, filter, calendar.Zone), instance));
            }
        }
    }

    private bool SeriesOverlaps(StoredEvent series, ListFilter filter, TimeZoneInfo zone) =>
        (filter.TimeMin is null && filter.TimeMax is null) ||
        series.Instances(zone, Horizon()).Any(start => filter.Overlaps(InstanceOf(series, start), zone));

    private static string SortKey(StoredEvent ev, ListFilter filter, TimeZoneInfo zone)
    {
        var instant = ev.OriginalStart?.InstantIn(zone).UtcTicks ?? 0;
        var primary = filter.OrderByStartTime ? ev.Start.InstantIn(zone).UtcTicks
            : filter.OrderByUpdated ? ev.Updated.UtcTicks
            : ev.Ordinal;
        return string.Create(CultureInfo.InvariantCulture, $"{primary:D20}.{ev.Ordinal:D20}.{instant:D20}");
    }

    private static ListFilter? ParseListQuery(IQueryCollection query, bool instances)
    {
        var maxResults = DefaultPageSize;
        if (query["maxResults"].ToString() is { Length: > 0 } maxText)
        {
            if (!int.TryParse(maxText, CultureInfo.InvariantCulture, out maxResults) || maxResults < 1)
            {
                return null;
            }

            maxResults = Math.Min(maxResults, MaxPageSize);
        }

        DateTimeOffset? timeMin = null, timeMax = null, updatedMin = null;
        if (!TryInstant(query, "timeMin", ref timeMin) || !TryInstant(query, "timeMax", ref timeMax) || !TryInstant(query, "updatedMin", ref updatedMin))
        {
            return null;
        }

        if (timeMin is not null && timeMax is not null && timeMax <= timeMin)
        {
            return null;
        }

        var orderBy = query["orderBy"].ToString();
        if (orderBy is not ("" or "startTime" or "updated"))
        {
            return null;
        }

        if (!TryFlag(query, "showDeleted", out var showDeleted) || !TryFlag(query, "singleEvents", out var singleEvents))
        {
            return null;
        }

        return new ListFilter
        {
            MaxResults = maxResults,
            TimeMin = timeMin,
            TimeMax = timeMax,
            UpdatedMin = updatedMin,
            ShowDeleted = showDeleted,
            SingleEvents = singleEvents || instances,
            OrderByStartTime = orderBy == "startTime",
            OrderByUpdated = orderBy == "updated",
            PrivateProperties = Properties(query["privateExtendedProperty"]),
            SharedProperties = Properties(query["sharedExtendedProperty"]),
            EventTypes = query["eventTypes"].Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).ToHashSet(StringComparer.Ordinal),
            Text = NullIfEmpty(query["q"].ToString()),
            ICalUid = NullIfEmpty(query["iCalUID"].ToString()),
        };
    }

    /// <summary>Names the parameter a refused list query got wrong, worded as Google words it.</summary>
    private static ApiResponse ListQueryError(IQueryCollection query)
    {
        DateTimeOffset? min = null, max = null;
        if (TryInstant(query, "timeMin", ref min) && TryInstant(query, "timeMax", ref max) && min is not null && max is not null && max <= min)
        {
            return GoogleError.BadRequest("The specified time range is empty.", "timeRangeEmpty", "timeMax");
        }

        var parameter = CheckedParameters.First(name => query.ContainsKey(name));
        return GoogleError.BadRequest($"Invalid value for: {parameter}", location: parameter);
    }

    private static bool TryInstant(IQueryCollection query, string name, ref DateTimeOffset? value)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return true;
        }

        if (!RfcTime.TryParseWithOffset(text, out var instant))
        {
            return false;
        }

        value = instant;
        return true;
    }

    private static bool TryFlag(IQueryCollection query, string name, out bool value)
    {
        var text = query[name].ToString();
        value = text.Equals("true", StringComparison.OrdinalIgnoreCase);
        return text.Length == 0 || value || text.Equals("false", StringComparison.OrdinalIgnoreCase);
    }

    private static List<KeyValuePair<string, string>> Properties(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Where(v => v is not null && v.Contains('=', StringComparison.Ordinal))
            .Select(v => v!.Split('=', 2))
            .Select(parts => new KeyValuePair<string, string>(parts[0], parts[1]))
            .ToList();

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
