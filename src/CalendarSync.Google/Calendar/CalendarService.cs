using Google.Apis.Services;

namespace CalendarSync.Google.Calendar;

/// <summary>
/// The Calendar v3 subset CalendarSync uses, built the way Google's generated libraries are and
/// under the same names as <c>Google.Apis.Calendar.v3.CalendarService</c>.
/// </summary>
public class CalendarService : BaseClientService
{
    public const string Version = "v3";

    /// <summary>Google's API root; an initializer's <c>BaseUri</c> replaces it (the emulator, in tests and demos).</summary>
    public const string DefaultRootUri = "https://www.googleapis.com/";

    private readonly string _rootUri;

    public CalendarService()
        : this(new Initializer())
    {
    }

    public CalendarService(Initializer initializer)
        : base(initializer)
    {
        // Google's generated services take BaseUri as the API root; batch shares that origin.
        _rootUri = GetEffectiveUri(BaseUriOverride, DefaultRootUri);
        if (!_rootUri.EndsWith('/'))
        {
            _rootUri += "/";
        }

        Events = new EventsResource(this);
        CalendarList = new CalendarListResource(this);
        Calendars = new CalendarsResource(this);
        Channels = new ChannelsResource(this);
        Freebusy = new FreebusyResource(this);
    }

    public override IList<string> Features => [];

    public override string Name => "calendar";

    public override string BaseUri => _rootUri + BasePath;

    public override string BasePath => "calendar/v3/";

    public override string BatchUri => _rootUri + BatchPath;

    public override string BatchPath => "batch/calendar/v3";

    public virtual EventsResource Events { get; }

    public virtual CalendarListResource CalendarList { get; }

    public virtual CalendarsResource Calendars { get; }

    public virtual ChannelsResource Channels { get; }

    public virtual FreebusyResource Freebusy { get; }

    /// <summary>OAuth scopes of Calendar v3 that CalendarSync asks for.</summary>
    public static class Scope
    {
        /// <summary>View and edit events on all calendars; the only scope event sync needs.</summary>
        public const string CalendarEvents = "https://www.googleapis.com/auth/calendar.events";

        /// <summary>Read the list of calendars and their settings, such as the primary calendar's time zone.</summary>
        public const string CalendarCalendarlistReadonly = "https://www.googleapis.com/auth/calendar.calendarlist.readonly";

        /// <summary>Make secondary calendars, and manage those the app made (and only those).</summary>
        public const string CalendarAppCreated = "https://www.googleapis.com/auth/calendar.app.created";
    }
}
