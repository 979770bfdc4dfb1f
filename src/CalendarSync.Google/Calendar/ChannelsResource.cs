using CalendarSync.Google.Calendar.Data;
using Google.Apis.Services;

namespace CalendarSync.Google.Calendar;

/// <summary>The <c>channels</c> collection: stopping a push notification channel.</summary>
public class ChannelsResource(IClientService service)
{
    public virtual StopRequest Stop(Channel body) => new(service, body);

    public class StopRequest : CalendarBaseServiceRequest<string>
    {
        private readonly Channel _body;

        public StopRequest(IClientService service, Channel body)
            : base(service)
        {
            _body = body;
            InitParameters();
        }

        public override string MethodName => "stop";

        public override string HttpMethod => "POST";

        public override string RestPath => "channels/stop";

        protected override object GetBody() => _body;
    }
}
