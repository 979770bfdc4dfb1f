using CalendarSync.Google.Calendar.Data;
using Google.Apis.Services;
using Google.Apis.Util;

namespace CalendarSync.Google.Calendar;

/// <summary>The <c>calendarList</c> collection: the calendars on the user's list (their own and those shared with them).</summary>
public class CalendarListResource(IClientService service)
{
    public virtual GetRequest Get(string calendarId) => new(service, calendarId);

    public virtual ListRequest List() => new(service);

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

    public class ListRequest : CalendarBaseServiceRequest<Data.CalendarList>
    {
        public ListRequest(IClientService service)
            : base(service)
        {
            InitParameters();
        }

        /// <summary>The weakest access role an entry may carry to be listed.</summary>
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The official package's name for it.")]
        public enum MinAccessRoleEnum
        {
            [StringValue("freeBusyReader")]
            FreeBusyReader,

            [StringValue("owner")]
            Owner,

            [StringValue("reader")]
            Reader,

            [StringValue("writer")]
            Writer,
        }

        /// <summary>At most 250 a page; Google's default is 100.</summary>
        [RequestParameter("maxResults", RequestParameterType.Query)]
        public virtual int? MaxResults { get; set; }

        [RequestParameter("minAccessRole", RequestParameterType.Query)]
        public virtual MinAccessRoleEnum? MinAccessRole { get; set; }

        [RequestParameter("pageToken", RequestParameterType.Query)]
        public virtual string? PageToken { get; set; }

        [RequestParameter("showDeleted", RequestParameterType.Query)]
        public virtual bool? ShowDeleted { get; set; }

        [RequestParameter("showHidden", RequestParameterType.Query)]
        public virtual bool? ShowHidden { get; set; }

        /// <summary>Only the entries changed since the list that returned it, the ones that left included.</summary>
        [RequestParameter("syncToken", RequestParameterType.Query)]
        public virtual string? SyncToken { get; set; }

        public override string MethodName => "list";

        public override string HttpMethod => "GET";

        public override string RestPath => "users/me/calendarList";

        protected override void InitParameters()
        {
            base.InitParameters();
            foreach (var name in new[] { "maxResults", "minAccessRole", "pageToken", "showDeleted", "showHidden", "syncToken" })
            {
                AddQuery(name);
            }
        }
    }
}
