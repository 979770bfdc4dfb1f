using Google.Apis.Services;
using Google.Apis.Util;

namespace CalendarSync.Google.Calendar;

/// <summary>The <c>calendars</c> collection: making, reading and deleting a calendar itself (not its place on a list).</summary>
public class CalendarsResource(IClientService service)
{
    public virtual InsertRequest Insert(Data.Calendar body) => new(service, body);

    public virtual GetRequest Get(string calendarId) => new(service, calendarId);

    public virtual DeleteRequest Delete(string calendarId) => new(service, calendarId);

    public class InsertRequest : CalendarBaseServiceRequest<Data.Calendar>
    {
        private readonly Data.Calendar _body;

        public InsertRequest(IClientService service, Data.Calendar body)
            : base(service)
        {
            _body = body;
            InitParameters();
        }

        public override string MethodName => "insert";

        public override string HttpMethod => "POST";

        public override string RestPath => "calendars";

        protected override object GetBody() => _body;
    }

    /// <summary>The requests on one calendar by id.</summary>
    public abstract class OneCalendarRequest<TResponse> : CalendarBaseServiceRequest<TResponse>
    {
        protected OneCalendarRequest(IClientService service, string calendarId)
            : base(service)
        {
            CalendarId = calendarId;
        }

        [RequestParameter("calendarId", RequestParameterType.Path)]
        public virtual string CalendarId { get; private set; }

        public override string RestPath => "calendars/{calendarId}";

        protected override void InitParameters()
        {
            base.InitParameters();
            AddPath("calendarId");
        }
    }

    public class GetRequest : OneCalendarRequest<Data.Calendar>
    {
        public GetRequest(IClientService service, string calendarId)
            : base(service, calendarId)
        {
            InitParameters();
        }

        public override string MethodName => "get";

        public override string HttpMethod => "GET";
    }

    /// <summary>Deletes a secondary calendar and its events; Google refuses a primary one (403 cannotDeletePrimaryCalendar).</summary>
    public class DeleteRequest : OneCalendarRequest<string>
    {
        public DeleteRequest(IClientService service, string calendarId)
            : base(service, calendarId)
        {
            InitParameters();
        }

        public override string MethodName => "delete";

        public override string HttpMethod => "DELETE";
    }
}
