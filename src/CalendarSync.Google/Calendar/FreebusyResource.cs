using CalendarSync.Google.Calendar.Data;
using Google.Apis.Services;

namespace CalendarSync.Google.Calendar;

/// <summary>The <c>freebusy</c> collection: the busy periods of several calendars in one range.</summary>
public class FreebusyResource(IClientService service)
{
    public virtual QueryRequest Query(FreeBusyRequest body) => new(service, body);

    public class QueryRequest : CalendarBaseServiceRequest<FreeBusyResponse>
    {
        private readonly FreeBusyRequest _body;

        public QueryRequest(IClientService service, FreeBusyRequest body)
            : base(service)
        {
            _body = body;
            InitParameters();
        }

        public override string MethodName => "query";

        public override string HttpMethod => "POST";

        public override string RestPath => "freeBusy";

        protected override object GetBody() => _body;
    }
}
