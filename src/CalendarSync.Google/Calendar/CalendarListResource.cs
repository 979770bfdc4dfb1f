using CalendarSync.Google.Calendar.Data;
using Google.Apis.Services;
using Google.Apis.Util;

namespace CalendarSync.Google.Calendar;

/// <summary>The <c>calendarList</c> collection: here, reading the primary calendar's id and time zone.</summary>
public class CalendarListResource(IClientService service)
{
    public virtual GetRequest Get(string calendarId) => new(service, calendarId);

    public class GetRequest : CalendarBaseServiceRequest<CalendarListEntry>
    {
        public GetRequest(IClientService service, string calendarId)
            : base(service)
        {
            CalendarId = calendarId;
            InitParameters();
        }

        [RequestParameter("calendarId", RequestParameterType.Path)]
        public virtual string CalendarId { get; private set; }

        public override string MethodName => "get";

        public override string HttpMethod => "GET";

        public override string RestPath => "users/me/calendarList/{calendarId}";

        protected override void InitParameters()
        {
            base.InitParameters();
            AddPath("calendarId");
        }
    }
}
