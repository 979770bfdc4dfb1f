using CalendarSync.Google.Calendar.Data;
using Google.Apis.Services;
using Google.Apis.Util;

namespace CalendarSync.Google.Calendar;

/// <summary>The <c>events</c> collection of Calendar v3.</summary>
public class EventsResource(IClientService service)
{
    public virtual ListRequest List(string calendarId) => new(service, calendarId);

    public virtual InstancesRequest Instances(string calendarId, string eventId) => new(service, calendarId, eventId);

    public virtual GetRequest Get(string calendarId, string eventId) => new(service, calendarId, eventId);

    public virtual InsertRequest Insert(Event body, string calendarId) => new(service, body, calendarId);

    /// <summary>Replaces the event; with <c>body.ETag</c> set it is sent as <c>If-Match</c>.</summary>
    public virtual UpdateRequest Update(Event body, string calendarId, string eventId) => new(service, body, calendarId, eventId);

    /// <summary>Changes the fields set in <paramref name="body"/>; with <c>body.ETag</c> set it is sent as <c>If-Match</c>.</summary>
    public virtual PatchRequest Patch(Event body, string calendarId, string eventId) => new(service, body, calendarId, eventId);

    public virtual DeleteRequest Delete(string calendarId, string eventId) => new(service, calendarId, eventId);

    public virtual WatchRequest Watch(Channel body, string calendarId) => new(service, body, calendarId);

    /// <summary>Moves the event to the calendar <paramref name="destination"/> under the same id (it changes the organizer).</summary>
    public virtual MoveRequest Move(string calendarId, string eventId, string destination) => new(service, calendarId, eventId, destination);

    /// <summary>
    /// Whom Google notifies of a write (<c>sendUpdates</c>). Every write request here starts at <see cref="None"/>:
    /// CalendarSync's events have no guests, and no write of ours may have Google mail anyone. (The official package
    /// nests one such enum in each write request; it is one here.)
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The official package's name for it.")]
    public enum SendUpdatesEnum
    {
        [StringValue("all")]
        All,

        [StringValue("externalOnly")]
        ExternalOnly,

        [StringValue("none")]
        None,
    }

    /// <summary>A request on one calendar's events (the <c>calendarId</c> path parameter), with an optional body.</summary>
    public abstract class CalendarEventsRequest<TResponse> : CalendarBaseServiceRequest<TResponse>
    {
        private readonly object? _body;

        protected CalendarEventsRequest(IClientService service, string calendarId, object? body = null)
            : base(service)
        {
            CalendarId = calendarId;
            _body = body;
        }

        [RequestParameter("calendarId", RequestParameterType.Path)]
        public virtual string CalendarId { get; private set; }

        protected override object? GetBody() => _body;

        protected override void InitParameters()
        {
            base.InitParameters();
            AddPath("calendarId");
        }
    }

    /// <summary>A request on one event (<c>calendars/{calendarId}/events/{eventId}</c>), with an optional body.</summary>
    public abstract class OneEventRequest<TResponse> : CalendarEventsRequest<TResponse>
    {
        protected OneEventRequest(IClientService service, string calendarId, string eventId, object? body = null)
            : base(service, calendarId, body)
        {
            EventId = eventId;
        }

        [RequestParameter("eventId", RequestParameterType.Path)]
        public virtual string EventId { get; private set; }

        public override string RestPath => "calendars/{calendarId}/events/{eventId}";

        protected override void InitParameters()
        {
            base.InitParameters();
            AddPath("eventId");
        }
    }

    /// <summary>The paging and time-range parameters that <c>events.list</c> and <c>events.instances</c> share.</summary>
    public abstract class EventPageRequest : CalendarEventsRequest<Events>
    {
        protected EventPageRequest(IClientService service, string calendarId)
            : base(service, calendarId)
        {
        }

        [RequestParameter("maxResults", RequestParameterType.Query)]
        public virtual int? MaxResults { get; set; }

        [RequestParameter("pageToken", RequestParameterType.Query)]
        public virtual string? PageToken { get; set; }

        [RequestParameter("timeMin", RequestParameterType.Query)]
        public virtual string? TimeMinRaw { get; set; }

        public virtual DateTimeOffset? TimeMinDateTimeOffset
        {
            get => Rfc3339.Parse(TimeMinRaw);
            set => TimeMinRaw = Rfc3339.Format(value);
        }

        [RequestParameter("timeMax", RequestParameterType.Query)]
        public virtual string? TimeMaxRaw { get; set; }

        public virtual DateTimeOffset? TimeMaxDateTimeOffset
        {
            get => Rfc3339.Parse(TimeMaxRaw);
            set => TimeMaxRaw = Rfc3339.Format(value);
        }

        [RequestParameter("showDeleted", RequestParameterType.Query)]
        public virtual bool? ShowDeleted { get; set; }

        public override string HttpMethod => "GET";

        protected override void InitParameters()
        {
            base.InitParameters();
            foreach (var name in new[] { "maxResults", "pageToken", "timeMin", "timeMax", "showDeleted" })
            {
                AddQuery(name);
            }
        }
    }

    public class ListRequest : EventPageRequest
    {
        public ListRequest(IClientService service, string calendarId)
            : base(service, calendarId)
        {
            InitParameters();
        }

        /// <summary>Only what changed since the list that returned it; forbids the window and filter parameters.</summary>
        [RequestParameter("syncToken", RequestParameterType.Query)]
        public virtual string? SyncToken { get; set; }

        /// <summary>Expand recurring events into their instances.</summary>
        [RequestParameter("singleEvents", RequestParameterType.Query)]
        public virtual bool? SingleEvents { get; set; }

        /// <summary><c>name=value</c> constraints on private extended properties; all must match.</summary>
        [RequestParameter("privateExtendedProperty", RequestParameterType.Query)]
        public virtual Repeatable<string>? PrivateExtendedProperty { get; set; }

        public override string MethodName => "list";

        public override string RestPath => "calendars/{calendarId}/events";

        protected override void InitParameters()
        {
            base.InitParameters();
            foreach (var name in new[] { "syncToken", "singleEvents", "privateExtendedProperty" })
            {
                AddQuery(name);
            }
        }
    }

    /// <summary>The instances of one recurring event.</summary>
    public class InstancesRequest : EventPageRequest
    {
        public InstancesRequest(IClientService service, string calendarId, string eventId)
            : base(service, calendarId)
        {
            EventId = eventId;
            InitParameters();
        }

        [RequestParameter("eventId", RequestParameterType.Path)]
        public virtual string EventId { get; private set; }

        public override string MethodName => "instances";

        public override string RestPath => "calendars/{calendarId}/events/{eventId}/instances";

        protected override void InitParameters()
        {
            base.InitParameters();
            AddPath("eventId");
        }
    }

    public class GetRequest : OneEventRequest<Event>
    {
        public GetRequest(IClientService service, string calendarId, string eventId)
            : base(service, calendarId, eventId)
        {
            InitParameters();
        }

        public override string MethodName => "get";

        public override string HttpMethod => "GET";
    }

    public class InsertRequest : CalendarEventsRequest<Event>
    {
        public InsertRequest(IClientService service, Event body, string calendarId)
            : base(service, calendarId, body)
        {
            InitParameters();
        }

        [RequestParameter("sendUpdates", RequestParameterType.Query)]
        public virtual SendUpdatesEnum? SendUpdates { get; set; } = SendUpdatesEnum.None;

        public override string MethodName => "insert";

        public override string HttpMethod => "POST";

        public override string RestPath => "calendars/{calendarId}/events";

        protected override void InitParameters()
        {
            base.InitParameters();
            AddQuery("sendUpdates");
        }
    }

    /// <summary>A whole-event replace (<c>update</c>) or a partial change (<c>patch</c>) of one event; they differ only in the verb.</summary>
    public abstract class EventChangeRequest : OneEventRequest<Event>
    {
        protected EventChangeRequest(IClientService service, Event body, string calendarId, string eventId)
            : base(service, calendarId, eventId, body)
        {
            InitParameters();
        }

        [RequestParameter("sendUpdates", RequestParameterType.Query)]
        public virtual SendUpdatesEnum? SendUpdates { get; set; } = SendUpdatesEnum.None;

        protected override void InitParameters()
        {
            base.InitParameters();
            AddQuery("sendUpdates");
        }
    }

    public class UpdateRequest(IClientService service, Event body, string calendarId, string eventId)
        : EventChangeRequest(service, body, calendarId, eventId)
    {
        public override string MethodName => "update";

        public override string HttpMethod => "PUT";
    }

    public class PatchRequest(IClientService service, Event body, string calendarId, string eventId)
        : EventChangeRequest(service, body, calendarId, eventId)
    {
        public override string MethodName => "patch";

        public override string HttpMethod => "PATCH";
    }

    public class DeleteRequest : OneEventRequest<string>
    {
        public DeleteRequest(IClientService service, string calendarId, string eventId)
            : base(service, calendarId, eventId)
        {
            InitParameters();
        }

        [RequestParameter("sendUpdates", RequestParameterType.Query)]
        public virtual SendUpdatesEnum? SendUpdates { get; set; } = SendUpdatesEnum.None;

        protected override void InitParameters()
        {
            base.InitParameters();
            AddQuery("sendUpdates");
        }

        public override string MethodName => "delete";

        public override string HttpMethod => "DELETE";
    }

    public class MoveRequest : OneEventRequest<Event>
    {
        public MoveRequest(IClientService service, string calendarId, string eventId, string destination)
            : base(service, calendarId, eventId)
        {
            Destination = destination;
            InitParameters();
        }

        /// <summary>The calendar the event moves to.</summary>
        [RequestParameter("destination", RequestParameterType.Query)]
        public virtual string Destination { get; private set; }

        [RequestParameter("sendUpdates", RequestParameterType.Query)]
        public virtual SendUpdatesEnum? SendUpdates { get; set; } = SendUpdatesEnum.None;

        public override string MethodName => "move";

        public override string HttpMethod => "POST";

        public override string RestPath => "calendars/{calendarId}/events/{eventId}/move";

        protected override void InitParameters()
        {
            base.InitParameters();
            AddQuery("destination");
            AddQuery("sendUpdates");
        }
    }

    public class WatchRequest : CalendarEventsRequest<Channel>
    {
        public WatchRequest(IClientService service, Channel body, string calendarId)
            : base(service, calendarId, body)
        {
            InitParameters();
        }

        public override string MethodName => "watch";

        public override string HttpMethod => "POST";

        public override string RestPath => "calendars/{calendarId}/events/watch";
    }
}
