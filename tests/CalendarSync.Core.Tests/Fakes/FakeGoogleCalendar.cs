using CalendarSync.Core.Data;
using System.Globalization;
using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Tests.Scenarios;

namespace CalendarSync.Core.Tests.Fakes;

/// <summary>
/// Google Calendar in memory, kept small but faithful where the sync depends on it: etags and If-Match (412),
/// client ids that stay taken after a delete (409), deleted events kept as cancelled tombstones, sync tokens that
/// return every change since (deletes included) and that can expire (410), stateless page tokens, and recurring
/// series expanded into instances (in the series' zone, so a DST change moves no local time).
/// </summary>
public sealed class FakeGoogleCalendar(TimeProvider clock, TimeZoneInfo calendarZone) : ICalendar, IStaffCalendar
{
    private const string Base32HexAlphabet = "0123456789abcdefghijklmnopqrstuv";
    private readonly Dictionary<string, Stored> _events = new(StringComparer.Ordinal);
    private long _sequence;
    private int _tokenGeneration;
    private int _staffIds;

    /// <summary>Every events.list, events.get and write the sync made, for tests that count Google calls.</summary>
    public int Calls { get; private set; }

    /// <summary>How many write calls (batches) the sync made.</summary>
    public int WriteCalls { get; private set; }

    /// <summary>
    /// When a whole series changes, drop the instances it replaced without listing them as cancelled (as the emulator
    /// does; whether Google does is not settled), so the sync must ask for the series' instances itself.
    /// </summary>
    public bool ForgetsReplacedInstances { get; init; }

    public Task<EventPage> ListEventsAsync(EventListRequest request, CancellationToken cancellationToken)
    {
        Calls++;
        var cursor = request.PageToken is not null ? Cursor.Parse(request.PageToken) : NewCursor(request);
        if (cursor.Generation != _tokenGeneration)
        {
            throw new FullResyncRequiredException("Sync token is no longer valid, a full sync is required.");
        }

        var matching = _events.Values
            .Where(s => request.SingleEvents ? !s.IsSeries : s.Event.RecurringEventId is null)
            .Where(s => cursor.Incremental
                ? s.Sequence > cursor.Since
                : (request.ShowDeleted || s.Event.Status != EventStatus.Cancelled) && Overlaps(s.Event, cursor.TimeMin, cursor.TimeMax))
            .Where(s => string.CompareOrdinal(s.Event.Id, cursor.AfterId) > 0)
            .OrderBy(s => s.Event.Id, StringComparer.Ordinal)
            .Take(request.MaxResults + 1)
            .Select(s => AsListed(s.Event))
            .ToList();
        var more = matching.Count > request.MaxResults;
        var items = matching.Take(request.MaxResults).ToList();
        return Task.FromResult(more
            ? new EventPage(items, (cursor with { AfterId = items[^1].Id }).ToString(), null)
            : new EventPage(items, null, $"t{_tokenGeneration}.{cursor.Snapshot}"));
    }

    /// <summary>
    /// The staff member's other calendars as free/busy sees them, by id: their busy periods (any order, any overlap).
    /// A calendar not here is one Google does not answer for (notFound), but for <c>primary</c>, this calendar.
    /// </summary>
    public Dictionary<string, List<BusyPeriod>> OtherCalendars { get; } = new(StringComparer.Ordinal);

    /// <summary>Free/busy calls, for tests that count them.</summary>
    public int FreeBusyCalls { get; private set; }

    public async Task<IReadOnlyDictionary<string, CalendarBusy>> QueryFreeBusyAsync(
        IReadOnlyList<string> calendarIds, DateTimeOffset timeMin, DateTimeOffset timeMax, CancellationToken cancellationToken)
    {
        FreeBusyCalls++;
        var answer = new Dictionary<string, CalendarBusy>(StringComparer.Ordinal);
        foreach (var id in calendarIds)
        {
            answer[id] = OtherCalendars.TryGetValue(id, out var periods)
                ? new CalendarBusy(AppointmentDataService.Merge(periods
                    .Where(p => p.Start < timeMax && p.End > timeMin)
                    .Select(p => new BusyPeriod(p.Start < timeMin ? timeMin : p.Start, p.End > timeMax ? timeMax : p.End))
                    .OrderBy(p => p.Start)))
                : id == "primary" ? new CalendarBusy(await OwnBusyAsync(timeMin, timeMax))
                : CalendarBusy.Failed(CalendarBusy.NotFound);
        }

        return answer;
    }

    /// <summary>What Google counts busy: every event that blocks time (ours too), clipped and merged.</summary>
    private Task<IReadOnlyList<BusyPeriod>> OwnBusyAsync(DateTimeOffset timeMin, DateTimeOffset timeMax)
    {
        var busy = _events.Values
            .Where(s => !s.IsSeries && s.Event.Status != EventStatus.Cancelled && s.Event.Transparency != EventTransparency.Transparent)
            .Where(s => s.Event.SelfResponse != AttendeeResponse.Declined && Overlaps(s.Event, timeMin, timeMax))
            .Select(s => Instants(s.Event))
            .Select(p => new BusyPeriod(p.Start < timeMin ? timeMin : p.Start, p.End > timeMax ? timeMax : p.End))
            .OrderBy(p => p.Start);
        return Task.FromResult(AppointmentDataService.Merge(busy));
    }

    public Task<EventPage> ListInstancesAsync(string recurringEventId, EventListRequest request, CancellationToken cancellationToken)
    {
        Calls++;
        if (!_events.TryGetValue(recurringEventId, out var series) || series.Event.Status == EventStatus.Cancelled)
        {
            return Task.FromResult(new EventPage([], null, null));
        }

        // One page: a series has few instances in a window, and the sync pages the same way either way.
        IReadOnlyList<CalendarEvent> items = [.. _events.Values
            .Where(s => s.Event.RecurringEventId == recurringEventId)
            .Where(s => (request.ShowDeleted || s.Event.Status != EventStatus.Cancelled) && Overlaps(s.Event, request.TimeMin, request.TimeMax))
            .OrderBy(s => s.Event.Id, StringComparer.Ordinal)
            .Select(s => AsListed(s.Event))];
        return Task.FromResult(new EventPage(items, null, null));
    }

    // As Google lists a deleted event: its id, status, etag and updated time, nothing else.
    private static CalendarEvent AsListed(CalendarEvent stored) => stored.Status == EventStatus.Cancelled
        ? new CalendarEvent { Id = stored.Id, Status = EventStatus.Cancelled, ETag = stored.ETag, Updated = stored.Updated, RecurringEventId = stored.RecurringEventId }
        : stored;

    public Task<CalendarEvent?> GetEventAsync(string eventId, CancellationToken cancellationToken)
    {
        Calls++;
        return Task.FromResult(_events.GetValueOrDefault(eventId)?.Event);
    }

    /// <summary>
    /// events.move as Google does it: the event (a series with its instances) leaves this calendar, which then lists it
    /// cancelled, and arrives in the linked calendar under the same id with a new etag. Google's 404 does not say whether
    /// the event or the destination is missing, so, as the adapter, both answer null.
    /// </summary>
    public Task<CalendarEvent?> MoveEventAsync(string eventId, string destinationCalendarId, CancellationToken cancellationToken)
    {
        Calls++;
        WriteCalls++;
        if (!_events.TryGetValue(eventId, out var stored) || stored.Event.Status == EventStatus.Cancelled ||
            OnCalendar(destinationCalendarId) is not FakeGoogleCalendar destination)
        {
            return Task.FromResult<CalendarEvent?>(null);
        }

        if (destination == this)
        {
            return Task.FromResult<CalendarEvent?>(stored.Event);
        }

        if (stored.Event.RecurringEventId is not null || stored.Event.EventType != EventType.Default)
        {
            throw new CalendarRequestRejectedException($"Google answered 400: event {eventId} cannot be moved (an instance, or not a default event).");
        }

        if (destination._events.TryGetValue(eventId, out var there) && there.Event.Status != EventStatus.Cancelled)
        {
            throw new CalendarRequestRejectedException($"Google answered 409: the destination already has an event {eventId}.");
        }

        // Etags differ from the source's: the destination's counter starts past this calendar's.
        destination._sequence = Math.Max(destination._sequence, _sequence);
        var moved = destination.Store(stored.Event);
        Store(stored.Event with { Status = EventStatus.Cancelled });
        if (stored.IsSeries)
        {
            destination.ExpandSeries(eventId);
            ExpandSeries(eventId);
        }

        return Task.FromResult<CalendarEvent?>(moved);
    }

    public Task<IReadOnlyList<EventWriteResult>> WriteAsync(IReadOnlyList<EventWrite> writes, CancellationToken cancellationToken)
    {
        Calls++;
        WriteCalls++;
        if (writes.Count > ICalendar.MaxWritesPerCall)
        {
            throw new ArgumentException($"A batch takes at most {ICalendar.MaxWritesPerCall} calls.", nameof(writes));
        }

        return Task.FromResult<IReadOnlyList<EventWriteResult>>([.. writes.Select(Write)]);
    }

    /// <summary>This calendar's id; when set, a calendar opened by any other id that is not <see cref="Linked"/> is gone (404).</summary>
    public string? Id { get; set; }

    /// <summary>The staff member's other calendars read in full or written to, by id: what <see cref="OnCalendar"/> opens, where moves go.</summary>
    public IReadOnlyDictionary<string, FakeGoogleCalendar> Linked => _linked;

    private readonly Dictionary<string, FakeGoogleCalendar> _linked = new(StringComparer.OrdinalIgnoreCase);

    // The primary a linked calendar belongs to: it opens the staff member's calendars.
    private FakeGoogleCalendar? _primary;

    /// <summary>Makes <paramref name="other"/> another calendar of this (primary) calendar's staff member.</summary>
    public void Link(string calendarId, FakeGoogleCalendar other)
    {
        _linked[calendarId] = other;
        other._primary = this;
    }

    /// <summary>Takes a linked calendar away, as Google does when it is deleted or unshared.</summary>
    public bool Unlink(string calendarId) => _linked.Remove(calendarId);

    /// <summary>
    /// Calendars the staff member took off their calendar list (Google's <c>calendarList.delete</c>): Google still answers
    /// for them, but the list no longer shows them.
    /// </summary>
    public HashSet<string> Unsubscribed { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Calendars the list still shows although they are gone (Google's list a moment behind a deletion).</summary>
    public HashSet<string> StillListed { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Calendar-list calls, for tests that count them.</summary>
    public int CalendarListCalls { get; private set; }

    /// <summary>
    /// The staff member's calendar list: this (primary) calendar, those <see cref="Linked"/> to it and those free/busy answers
    /// for (<see cref="OtherCalendars"/>), but the <see cref="Unsubscribed"/>. A calendar unlinked or no longer answered for
    /// (deleted, unshared) is off it, as at Google, unless <see cref="StillListed"/>.
    /// </summary>
    public Task<IReadOnlyList<CalendarEntry>> ListCalendarsAsync(CancellationToken cancellationToken)
    {
        if (_primary is { } primary)
        {
            return primary.ListCalendarsAsync(cancellationToken);
        }

        CalendarListCalls++;
        var own = Id ?? "primary";
        IReadOnlyList<CalendarEntry> entries =
        [
            new(own, own, "UTC", CalendarAccessRole.Owner, IsPrimary: true),
            .. _linked.Keys.Concat(StillListed).Select(id => new CalendarEntry(id, id, "UTC", CalendarAccessRole.Writer, IsPrimary: false)),
            .. OtherCalendars.Keys.Select(id => new CalendarEntry(id, id, "UTC", CalendarAccessRole.FreeBusyReader, IsPrimary: false)),
        ];
        return Task.FromResult<IReadOnlyList<CalendarEntry>>([.. entries.Where(entry => !Unsubscribed.Contains(entry.Id))]);
    }

    public ICalendar OnCalendar(string calendarId) =>
        _primary is { } primary ? primary.OnCalendar(calendarId)
        : Linked.TryGetValue(calendarId, out var other) ? other
        : Id is null || calendarId == "primary" || string.Equals(calendarId, Id, StringComparison.OrdinalIgnoreCase) ? this
        : new GoneCalendar(calendarId);

    public Task<string> AddEventAsync(CalendarEvent draft, CancellationToken cancellationToken)
    {
        var id = "staff" + (++_staffIds).ToString(CultureInfo.InvariantCulture);
        Store(draft with { Id = id, Status = EventStatus.Confirmed });
        if (draft.Recurrence.Count > 0)
        {
            ExpandSeries(id);
        }

        return Task.FromResult(id);
    }

    public Task UpdateEventAsync(string eventId, Func<CalendarEvent, CalendarEvent> change, CancellationToken cancellationToken)
    {
        var stored = _events[eventId];
        Store(change(stored.Event) with { Id = eventId, RecurringEventId = stored.Event.RecurringEventId });
        if (stored.IsSeries)
        {
            ExpandSeries(eventId);
        }

        return Task.CompletedTask;
    }

    public Task DeleteEventAsync(string eventId, CancellationToken cancellationToken)
    {
        var stored = _events[eventId];
        Store(stored.Event with { Status = EventStatus.Cancelled });
        if (stored.IsSeries)
        {
            ExpandSeries(eventId);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<CalendarEvent>> ListLiveEventsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<CalendarEvent>>(
            [.. _events.Values.Where(s => !s.IsSeries && s.Event.Status != EventStatus.Cancelled).Select(s => s.Event)]);

    public Task ExpireSyncTokensAsync(CancellationToken cancellationToken)
    {
        _tokenGeneration++;
        return Task.CompletedTask;
    }

    private EventWriteResult Write(EventWrite write)
    {
        var existing = _events.GetValueOrDefault(write.EventId);
        switch (write.Kind)
        {
            case EventWriteKind.Insert when existing is not null:
                return new EventWriteResult(EventWriteOutcome.AlreadyExists);
            case EventWriteKind.Insert:
                ValidateClientId(write.EventId);
                return new EventWriteResult(EventWriteOutcome.Written, Store(write.Event! with { Status = EventStatus.Confirmed }));
            case EventWriteKind.Update when existing is null:
                return new EventWriteResult(EventWriteOutcome.NotFound);
            case EventWriteKind.Update when write.IfMatch is not null && write.IfMatch != existing.Event.ETag:
                return new EventWriteResult(EventWriteOutcome.Changed);
            case EventWriteKind.Update:
                return new EventWriteResult(EventWriteOutcome.Written, Store(write.Event! with { RecurringEventId = existing.Event.RecurringEventId }));
            case EventWriteKind.Delete when existing is null || existing.Event.Status == EventStatus.Cancelled:
                return new EventWriteResult(EventWriteOutcome.NotFound);
            default:
                Store(existing!.Event with { Status = EventStatus.Cancelled });
                return new EventWriteResult(EventWriteOutcome.Written);
        }
    }

    private CalendarEvent Store(CalendarEvent calendarEvent)
    {
        var sequence = ++_sequence;
        var stored = calendarEvent with
        {
            ETag = $"\"{sequence}\"",
            Updated = clock.GetUtcNow(),
            PrivateProperties = new Dictionary<string, string>(calendarEvent.PrivateProperties),
        };
        _events[stored.Id] = new Stored(stored, sequence, stored.Recurrence.Count > 0);
        return stored;
    }

    /// <summary>Writes a series' instances as Google derives them: ids from the original start, wall-clock times kept across DST.</summary>
    private void ExpandSeries(string seriesId)
    {
        var series = _events[seriesId].Event;
        var wanted = series.Status == EventStatus.Cancelled
            ? new Dictionary<string, CalendarEvent>(StringComparer.Ordinal)
            : Instances(series).ToDictionary(e => e.Id, StringComparer.Ordinal);
        foreach (var old in _events.Values.Where(s => s.Event.RecurringEventId == seriesId).ToList())
        {
            if (!wanted.ContainsKey(old.Event.Id) && old.Event.Status != EventStatus.Cancelled)
            {
                if (ForgetsReplacedInstances && series.Status != EventStatus.Cancelled)
                {
                    _events.Remove(old.Event.Id);
                    continue;
                }

                Store(old.Event with { Status = EventStatus.Cancelled });
            }
        }

        foreach (var instance in wanted.Values)
        {
            Store(instance);
        }
    }

    private IEnumerable<CalendarEvent> Instances(CalendarEvent series)
    {
        var rule = series.Recurrence[0];
        var count = int.Parse(rule[(rule.IndexOf("COUNT=", StringComparison.Ordinal) + 6)..].Split(';')[0], CultureInfo.InvariantCulture);
        var step = rule.Contains("FREQ=WEEKLY", StringComparison.Ordinal) ? 7 : 1;
        for (var i = 0; i < count; i++)
        {
            var days = i * step;
            if (series.Start!.Date is { } startDate)
            {
                var date = startDate.AddDays(days);
                yield return Instance(series, date.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
                    EventDateTime.ForDate(date), EventDateTime.ForDate(series.End!.Date!.Value.AddDays(days)));
                continue;
            }

            var zone = series.Start.TimeZone is { } id ? StaffTimeZone.Find(id) : calendarZone;
            var localStart = TimeZoneInfo.ConvertTime(series.Start.DateTime!.Value, zone).DateTime.AddDays(days);
            var start = new DateTimeOffset(localStart, zone.GetUtcOffset(localStart));
            var end = start + (series.End!.DateTime!.Value - series.Start.DateTime.Value);
            yield return Instance(series, start.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture),
                EventDateTime.ForInstant(start, zone), EventDateTime.ForInstant(end, zone));
        }
    }

    private static CalendarEvent Instance(CalendarEvent series, string suffix, EventDateTime start, EventDateTime end) =>
        series with { Id = $"{series.Id}_{suffix}", RecurringEventId = series.Id, Recurrence = [], Start = start, End = end };

    private (DateTimeOffset Start, DateTimeOffset End) Instants(CalendarEvent calendarEvent) =>
        calendarEvent.Start?.Date is { } startDate
            ? (Period.StartOfDay(startDate, calendarZone), Period.StartOfDay(calendarEvent.End!.Date!.Value, calendarZone))
            : (calendarEvent.Start!.DateTime!.Value, calendarEvent.End!.DateTime!.Value);

    private bool Overlaps(CalendarEvent calendarEvent, DateTimeOffset? timeMin, DateTimeOffset? timeMax)
    {
        var (start, end) = Instants(calendarEvent);
        return (timeMax is null || start < timeMax) && (timeMin is null || end > timeMin);
    }

    private Cursor NewCursor(EventListRequest request)
    {
        if (request.SyncToken is null)
        {
            return new Cursor(_tokenGeneration, false, 0, request.TimeMin, request.TimeMax, _sequence, string.Empty);
        }

        if (request.TimeMin is not null || request.TimeMax is not null)
        {
            throw new ArgumentException("Google refuses timeMin/timeMax with a sync token (400).", nameof(request));
        }

        var parts = request.SyncToken[1..].Split('.');
        return new Cursor(int.Parse(parts[0], CultureInfo.InvariantCulture), true, long.Parse(parts[1], CultureInfo.InvariantCulture),
            null, null, _sequence, string.Empty);
    }

    private static void ValidateClientId(string id)
    {
        if (id.Length is < 5 or > 1024 || id.Any(c => !Base32HexAlphabet.Contains(c, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"Google refuses the client id '{id}' (400): lowercase base32hex, 5 to 1024 characters.", nameof(id));
        }
    }

    private sealed record Stored(CalendarEvent Event, long Sequence, bool IsSeries);

    /// <summary>A listing's position, carried in its page token: Google keeps none for us either.</summary>
    private sealed record Cursor(
        int Generation, bool Incremental, long Since, DateTimeOffset? TimeMin, DateTimeOffset? TimeMax, long Snapshot, string AfterId)
    {
        public override string ToString() => string.Join('|',
            Generation, Incremental, Since, TimeMin?.UtcTicks ?? -1, TimeMax?.UtcTicks ?? -1, Snapshot, AfterId);

        public static Cursor Parse(string token)
        {
            var p = token.Split('|');
            static DateTimeOffset? Instant(string ticks) =>
                ticks == "-1" ? null : new DateTimeOffset(long.Parse(ticks, CultureInfo.InvariantCulture), TimeSpan.Zero);
            return new Cursor(int.Parse(p[0], CultureInfo.InvariantCulture), bool.Parse(p[1]), long.Parse(p[2], CultureInfo.InvariantCulture),
                Instant(p[3]), Instant(p[4]), long.Parse(p[5], CultureInfo.InvariantCulture), p[6]);
        }
    }

    /// <summary>A calendar Google no longer has for the staff member: every call answers 404.</summary>
    private sealed class GoneCalendar(string id) : ICalendar
    {
        public Task<EventPage> ListEventsAsync(EventListRequest request, CancellationToken cancellationToken) => throw Gone();

        public Task<EventPage> ListInstancesAsync(string recurringEventId, EventListRequest request, CancellationToken cancellationToken) => throw Gone();

        public Task<CalendarEvent?> GetEventAsync(string eventId, CancellationToken cancellationToken) => throw Gone();

        public Task<IReadOnlyList<EventWriteResult>> WriteAsync(IReadOnlyList<EventWrite> writes, CancellationToken cancellationToken) => throw Gone();

        public Task<IReadOnlyDictionary<string, CalendarBusy>> QueryFreeBusyAsync(
            IReadOnlyList<string> calendarIds, DateTimeOffset timeMin, DateTimeOffset timeMax, CancellationToken cancellationToken) => throw Gone();

        public Task<CalendarEvent?> MoveEventAsync(string eventId, string destinationCalendarId, CancellationToken cancellationToken) => throw Gone();

        public ICalendar OnCalendar(string calendarId) => throw Gone();

        public Task<IReadOnlyList<CalendarEntry>> ListCalendarsAsync(CancellationToken cancellationToken) => throw Gone();

        private CalendarNotFoundException Gone() => new($"Google has no calendar {id} for the staff member (404).");
    }
}
