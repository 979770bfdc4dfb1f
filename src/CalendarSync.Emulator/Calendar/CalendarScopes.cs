namespace CalendarSync.Emulator.Calendar;

/// <summary>
/// Google's OAuth scopes for Calendar and, per method, the ones its reference accepts (each method's "Authorization"
/// section): a call whose token carries none of them is refused before anything else. Some scopes reach only part of the
/// user's calendars: <see cref="EventsOwned"/> the calendars they own, <see cref="AppCreated"/> the calendars made by the
/// same OAuth client, <see cref="EventsFreeBusy"/> events with their times only.
/// </summary>
internal static class CalendarScopes
{
    private const string Prefix = "https://www.googleapis.com/auth/";

    public const string Calendar = Prefix + "calendar";
    public const string Readonly = Prefix + "calendar.readonly";
    public const string Events = Prefix + "calendar.events";
    public const string EventsReadonly = Prefix + "calendar.events.readonly";
    public const string EventsOwned = Prefix + "calendar.events.owned";
    public const string EventsOwnedReadonly = Prefix + "calendar.events.owned.readonly";
    public const string EventsPublicReadonly = Prefix + "calendar.events.public.readonly";
    public const string EventsFreeBusy = Prefix + "calendar.events.freebusy";
    public const string FreeBusy = Prefix + "calendar.freebusy";
    public const string AppCreated = Prefix + "calendar.app.created";
    public const string CalendarList = Prefix + "calendar.calendarlist";
    public const string CalendarListReadonly = Prefix + "calendar.calendarlist.readonly";
    public const string Calendars = Prefix + "calendar.calendars";
    public const string CalendarsReadonly = Prefix + "calendar.calendars.readonly";
    public const string Acls = Prefix + "calendar.acls";
    public const string AclsReadonly = Prefix + "calendar.acls.readonly";
    public const string SettingsReadonly = Prefix + "calendar.settings.readonly";

    /// <summary>What a test user gets unless it asks otherwise: CalendarSync's own consent (events, and the calendar list read).</summary>
    public const string Default = Events + " " + CalendarListReadonly;

    private static readonly string[] EventReads =
        [Calendar, AppCreated, Events, EventsFreeBusy, EventsOwned, EventsOwnedReadonly, EventsPublicReadonly, EventsReadonly, Readonly];

    private static readonly string[] EventWrites = [Calendar, AppCreated, Events, EventsOwned];

    private static readonly Dictionary<string, string[]> Accepted = new(StringComparer.Ordinal)
    {
        ["Events.List"] = EventReads,
        ["Events.Get"] = EventReads,
        ["Events.Instances"] = EventReads,
        ["Events.Watch"] = EventReads,
        ["Events.Insert"] = EventWrites,
        ["Events.Update"] = EventWrites,
        ["Events.Patch"] = EventWrites,
        ["Events.Delete"] = EventWrites,
        ["Events.Move"] = [Calendar, Events, EventsOwned],
        ["CalendarList.List"] = [Calendar, CalendarList, CalendarListReadonly, Readonly],
        ["CalendarList.Get"] = [Calendar, AppCreated, CalendarList, CalendarListReadonly, Readonly],
        ["CalendarList.Delete"] = [Calendar, AppCreated, CalendarList],
        ["Calendars.Insert"] = [Calendar, AppCreated, Calendars],
        ["Calendars.Get"] = [Calendar, AppCreated, Calendars, CalendarsReadonly, Readonly],
        ["Calendars.Delete"] = [Calendar, AppCreated, Calendars],
        ["Freebusy.Query"] = [Calendar, EventsFreeBusy, FreeBusy, Readonly],
        ["Channels.Stop"] =
        [
            Calendar, Acls, AclsReadonly, AppCreated, CalendarList, CalendarListReadonly, Events, EventsFreeBusy, EventsOwned,
            EventsOwnedReadonly, EventsPublicReadonly, EventsReadonly, Readonly, SettingsReadonly,
        ],
    };

    /// <summary>The method Google would name for this path (<c>Events.List</c>, …), or null for a path it does not have.</summary>
    public static string? MethodOf(string method, string[] segments) => (method, segments) switch
    {
        ("POST", ["channels", "stop"]) => "Channels.Stop",
        ("POST", ["freeBusy"]) => "Freebusy.Query",
        ("GET", ["users", "me", "calendarList"]) => "CalendarList.List",
        ("GET", ["users", "me", "calendarList", _]) => "CalendarList.Get",
        ("DELETE", ["users", "me", "calendarList", _]) => "CalendarList.Delete",
        ("POST", ["calendars"]) => "Calendars.Insert",
        ("GET", ["calendars", _]) => "Calendars.Get",
        ("DELETE", ["calendars", _]) => "Calendars.Delete",
        ("GET", ["calendars", _, "events"]) => "Events.List",
        ("POST", ["calendars", _, "events"]) => "Events.Insert",
        ("POST", ["calendars", _, "events", "watch"]) => "Events.Watch",
        ("GET", ["calendars", _, "events", _]) => "Events.Get",
        ("PUT", ["calendars", _, "events", _]) => "Events.Update",
        ("PATCH", ["calendars", _, "events", _]) => "Events.Patch",
        ("DELETE", ["calendars", _, "events", _]) => "Events.Delete",
        ("GET", ["calendars", _, "events", _, "instances"]) => "Events.Instances",
        ("POST", ["calendars", _, "events", _, "move"]) => "Events.Move",
        _ => null,
    };

    public static IReadOnlyList<string> AcceptedBy(string apiMethod) => Accepted[apiMethod];

    /// <summary>Whether the token's scopes accept the method at all, whatever calendar it concerns.</summary>
    public static bool AnyAccepted(string apiMethod, Caller caller) => Accepted[apiMethod].Any(caller.Scopes.Contains);

    /// <summary>
    /// How the token's scopes reach one calendar for the method: <see cref="Reach.None"/>, <see cref="Reach.BusyOnly"/> (the
    /// events' times and nothing else: <see cref="EventsFreeBusy"/> alone) or <see cref="Reach.Full"/>.
    /// </summary>
    public static Reach ReachOf(string apiMethod, Caller caller, CalendarData calendar, string role)
    {
        var reach = Reach.None;
        foreach (var scope in Accepted[apiMethod].Where(caller.Scopes.Contains))
        {
            var here = scope switch
            {
                EventsOwned or EventsOwnedReadonly => role == AccessRole.Owner ? Reach.Full : Reach.None,
                AppCreated => calendar.CreatedByClient == caller.ClientId ? Reach.Full : Reach.None,
                EventsFreeBusy => Reach.BusyOnly,

                // Public calendars are not emulated, so this scope reaches none of a user's calendars.
                EventsPublicReadonly => Reach.None,
                _ => Reach.Full,
            };
            reach = here > reach ? here : reach;
        }

        return reach;
    }

    public enum Reach
    {
        None,
        BusyOnly,
        Full,
    }
}
