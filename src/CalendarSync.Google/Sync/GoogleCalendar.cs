using CalendarSync.Core.Calendar;
using CalendarSync.Core.Data;
using CalendarSync.Google.Calendar.Data;
using CalendarSync.Google.Calendar;
using CalendarSync.Google.Errors;
using Google;
using Google.Apis.Auth.OAuth2.Responses;
using Google.Apis.Requests;
using Google.Apis.Util;
using GoogleEvent = CalendarSync.Google.Calendar.Data.Event;

namespace CalendarSync.Google.Sync;

/// <summary>One staff member's Google Calendar as Core's <see cref="ICalendar"/>, on our Calendar v3 client.</summary>
public sealed class GoogleCalendar(CalendarService service, string calendarId, CalendarBatch batch) : ICalendar, IDisposable
{
    public async Task<EventPage> ListEventsAsync(EventListRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var list = service.Events.List(calendarId);
        list.SyncToken = request.SyncToken;
        list.PageToken = request.PageToken;
        list.TimeMinDateTimeOffset = request.TimeMin;
        list.TimeMaxDateTimeOffset = request.TimeMax;
        list.ShowDeleted = request.ShowDeleted ? true : null;
        list.SingleEvents = request.SingleEvents ? true : null;
        list.MaxResults = request.MaxResults;
        list.Fields = GoogleEventMapper.ListFields;

        try
        {
            var page = await list.ExecuteAsync(cancellationToken);
            return new EventPage(
                page.Items?.Select(GoogleEventMapper.ToCore).ToArray() ?? [],
                page.NextPageToken,
                page.NextSyncToken);
        }
        catch (GoogleApiException ex) when (ex.HttpStatusCode == System.Net.HttpStatusCode.Gone && request.SyncToken is not null)
        {
            throw new FullResyncRequiredException("Google no longer accepts the stored sync token (410): the window is listed again.", ex);
        }
        catch (Exception ex) when (Failure(ex, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    public async Task<EventPage> ListInstancesAsync(string recurringEventId, EventListRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var list = service.Events.Instances(calendarId, recurringEventId);
        list.PageToken = request.PageToken;
        list.TimeMinDateTimeOffset = request.TimeMin;
        list.TimeMaxDateTimeOffset = request.TimeMax;
        list.ShowDeleted = request.ShowDeleted ? true : null;
        list.MaxResults = request.MaxResults;
        list.Fields = GoogleEventMapper.ListFields;

        try
        {
            var page = await list.ExecuteAsync(cancellationToken);
            return new EventPage(page.Items?.Select(GoogleEventMapper.ToCore).ToArray() ?? [], page.NextPageToken, null);
        }
        catch (GoogleApiException ex) when (GoogleErrorClassifier.Classify(ex, cancellationToken) is GoogleErrorKind.NotFound or GoogleErrorKind.Gone)
        {
            return new EventPage([], null, null);
        }
        catch (Exception ex) when (Failure(ex, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    public async Task<CalendarEvent?> GetEventAsync(string eventId, CancellationToken cancellationToken)
    {
        try
        {
            return GoogleEventMapper.ToCore(await service.Events.Get(calendarId, eventId).ExecuteAsync(cancellationToken));
        }
        catch (GoogleApiException ex) when (GoogleErrorClassifier.Classify(ex, cancellationToken) is GoogleErrorKind.NotFound or GoogleErrorKind.Gone)
        {
            return null;
        }
        catch (Exception ex) when (Failure(ex, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    public async Task<CalendarEvent?> MoveEventAsync(string eventId, string destinationCalendarId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(destinationCalendarId);
        try
        {
            return GoogleEventMapper.ToCore(await service.Events.Move(calendarId, eventId, destinationCalendarId).ExecuteAsync(cancellationToken));
        }
        catch (GoogleApiException ex) when (GoogleErrorClassifier.Classify(ex, cancellationToken) is GoogleErrorKind.NotFound or GoogleErrorKind.Gone)
        {
            return null;
        }
        catch (Exception ex) when (Failure(ex, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    public async Task<IReadOnlyDictionary<string, CalendarBusy>> QueryFreeBusyAsync(
        IReadOnlyList<string> calendarIds, DateTimeOffset timeMin, DateTimeOffset timeMax, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(calendarIds);
        if (calendarIds.Count > ICalendar.MaxFreeBusyCalendars)
        {
            throw new ArgumentException($"At most {ICalendar.MaxFreeBusyCalendars} calendars go in one free/busy call; {calendarIds.Count} were given.", nameof(calendarIds));
        }

        var busy = calendarIds.Distinct(StringComparer.Ordinal).ToDictionary(id => id, _ => new List<BusyPeriod>(), StringComparer.Ordinal);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var from = timeMin.ToUniversalTime(); from < timeMax && busy.Count > 0; from += ICalendar.MaxFreeBusyRange)
        {
            var to = from + ICalendar.MaxFreeBusyRange < timeMax ? from + ICalendar.MaxFreeBusyRange : timeMax.ToUniversalTime();
            var query = service.Freebusy.Query(new FreeBusyRequest
            {
                TimeMinDateTimeOffset = from,
                TimeMaxDateTimeOffset = to,
                Items = [.. busy.Keys.Where(id => !errors.ContainsKey(id)).Select(id => new FreeBusyRequestItem { Id = id })],
            });

            FreeBusyResponse answer;
            try
            {
                answer = await query.ExecuteAsync(cancellationToken);
            }
            catch (Exception ex) when (Failure(ex, cancellationToken) is { } failure)
            {
                throw failure;
            }

            foreach (var id in busy.Keys.Where(id => !errors.ContainsKey(id)))
            {
                FreeBusyCalendar? calendar = null;
                var part = answer.Calendars?.TryGetValue(id, out calendar) == true && calendar is not null
                    ? GoogleCalendarDirectory.ToCore(calendar)
                    : CalendarBusy.Failed("noAnswer");
                if (part.Error is { } reason)
                {
                    errors[id] = reason;
                    continue;
                }

                busy[id].AddRange(part.Busy);
            }
        }

        // A period over the edge of two parts comes in two pieces: merged back into one.
        return busy.ToDictionary(
            pair => pair.Key,
            pair => errors.TryGetValue(pair.Key, out var reason)
                ? CalendarBusy.Failed(reason)
                : new CalendarBusy(AppointmentDataService.Merge(pair.Value.OrderBy(p => p.Start))),
            StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<EventWriteResult>> WriteAsync(IReadOnlyList<EventWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Count > ICalendar.MaxWritesPerCall)
        {
            throw new ArgumentException($"At most {ICalendar.MaxWritesPerCall} writes go in one call; {writes.Count} were given.", nameof(writes));
        }

        if (writes.Count == 0)
        {
            return [];
        }

        try
        {
            if (writes.Count == 1)
            {
                return [await WriteOneAsync(writes[0], cancellationToken)];
            }

            var requests = writes.Select(Request).ToArray();
            var outcomes = await batch.ExecuteAsync(requests, cancellationToken);
            return writes.Zip(outcomes, Result).ToArray();
        }
        catch (Exception ex) when (Failure(ex, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    // A calendar opened on another's connection (OnCalendar) leaves the connection to that one.
    private bool _ownsService = true;

    public Task<IReadOnlyList<CalendarEntry>> ListCalendarsAsync(CancellationToken cancellationToken) =>
        GoogleCalendarDirectory.ListAsync(service, cancellationToken);

    public ICalendar OnCalendar(string calendarId)
    {
        ArgumentException.ThrowIfNullOrEmpty(calendarId);
        return new GoogleCalendar(service, calendarId, batch) { _ownsService = false };
    }

    public void Dispose()
    {
        if (_ownsService)
        {
            service.Dispose();
        }
    }

    private async Task<EventWriteResult> WriteOneAsync(EventWrite write, CancellationToken cancellationToken)
    {
        try
        {
            var written = await Request(write).ExecuteAsync(cancellationToken);
            return Result(write, new BatchOutcome<GoogleEvent>(written, null, null));
        }
        catch (GoogleApiException ex) when (GoogleErrorClassifier.Classify(ex, cancellationToken) is { } kind && kind != GoogleErrorKind.GrantRevoked)
        {
            return Result(write, new BatchOutcome<GoogleEvent>(null, kind, ex.Error?.Message ?? ex.Message));
        }
    }

    // Deletes answer no body; typed as Event so that one batch carries every kind of write. Every write request asks
    // Google to notify nobody (sendUpdates=none, the requests' own default).
    private ClientServiceRequest<GoogleEvent> Request(EventWrite write) => write.Kind switch
    {
        EventWriteKind.Insert => service.Events.Insert(GoogleEventMapper.ToGoogle(write.Event!, null), calendarId),
        EventWriteKind.Update => service.Events.Update(GoogleEventMapper.ToGoogle(write.Event!, write.IfMatch), calendarId, write.EventId),
        EventWriteKind.Delete => new DeleteEventRequest(service, calendarId, write.EventId),
        _ => throw new ArgumentOutOfRangeException(nameof(write), write.Kind, "Unknown write kind."),
    };

    private static EventWriteResult Result(EventWrite write, BatchOutcome<GoogleEvent> outcome) => (write.Kind, outcome.Error) switch
    {
        (EventWriteKind.Delete, null) => new EventWriteResult(EventWriteOutcome.Written),
        (_, null) => new EventWriteResult(EventWriteOutcome.Written, outcome.Response is null ? null : GoogleEventMapper.ToCore(outcome.Response)),
        (EventWriteKind.Insert, GoogleErrorKind.AlreadyExists) => new EventWriteResult(EventWriteOutcome.AlreadyExists),
        (EventWriteKind.Update, GoogleErrorKind.PreconditionFailed) => new EventWriteResult(EventWriteOutcome.Changed),
        (EventWriteKind.Update or EventWriteKind.Delete, GoogleErrorKind.NotFound or GoogleErrorKind.Gone) => new EventWriteResult(EventWriteOutcome.NotFound),
        (_, GoogleErrorKind.NotOrganizer) => new EventWriteResult(EventWriteOutcome.Refused, Error: new CalendarWriteRefusedException(
            $"Google refused to {write.Kind.ToString().ToLowerInvariant()} event {write.EventId}: {outcome.ErrorMessage}")),
        (_, { } kind) => new EventWriteResult(EventWriteOutcome.Failed, Error: Exception(kind, $"{write.Kind} of event {write.EventId}: {outcome.ErrorMessage}", null)),
    };

    internal static CalendarException? Failure(Exception exception, CancellationToken cancellationToken) =>
        exception is CalendarException ? null
        : GoogleErrorClassifier.Classify(exception, cancellationToken) is { } kind
            ? Exception(kind, Describe(exception), exception)
            : null;

    private static CalendarException Exception(GoogleErrorKind kind, string message, Exception? inner) => kind switch
    {
        GoogleErrorKind.GrantRevoked => new CalendarGrantRevokedException(message, inner),
        GoogleErrorKind.NotWritable => new CalendarNotWritableException(message, inner),
        GoogleErrorKind.ScopeMissing => new CalendarScopeMissingException($"{message}. {CalendarScopeMissingException.Advice}", inner),
        GoogleErrorKind.UsageLimited => new CalendarUsageLimitedException(message, inner),
        GoogleErrorKind.NotOrganizer => new CalendarWriteRefusedException(message, inner),
        // A whole call's 404 (a list, a watch, an insert) means the calendar itself is gone for this user.
        GoogleErrorKind.NotFound => new CalendarNotFoundException(message, inner),
        GoogleErrorKind.Invalid or GoogleErrorKind.Gone or GoogleErrorKind.AlreadyExists or GoogleErrorKind.PreconditionFailed
            => new CalendarRequestRejectedException(message, inner),
        GoogleErrorKind.ClientRejected => throw new InvalidOperationException(
            "Google rejected CalendarSync's OAuth client (invalid_client): check Google:ClientId and Google:ClientSecret.", inner),
        _ => new CalendarTransientException(message, inner),
    };

    // Only Google's own words: a token response never carries the token in its error.
    private static string Describe(Exception exception) => exception switch
    {
        GoogleApiException api => $"Google answered {(int)api.HttpStatusCode}: {api.Error?.Message ?? api.Message}",
        TokenResponseException token => $"Google's token endpoint answered {token.Error?.Error}: {token.Error?.ErrorDescription}",
        _ => exception.Message,
    };

    /// <summary><c>events.delete</c> typed as answering an event (it answers nothing), so it can share a batch with inserts and updates.</summary>
    private sealed class DeleteEventRequest : EventsResource.OneEventRequest<GoogleEvent>
    {
        public DeleteEventRequest(CalendarService service, string calendarId, string eventId)
            : base(service, calendarId, eventId)
        {
            InitParameters();
        }

        [RequestParameter("sendUpdates", RequestParameterType.Query)]
        public EventsResource.SendUpdatesEnum? SendUpdates { get; set; } = EventsResource.SendUpdatesEnum.None;

        public override string MethodName => "delete";

        public override string HttpMethod => "DELETE";

        protected override void InitParameters()
        {
            base.InitParameters();
            AddQuery("sendUpdates");
        }
    }
}
