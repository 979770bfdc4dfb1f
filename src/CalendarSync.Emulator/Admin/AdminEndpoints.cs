using System.Text.Json.Nodes;
using CalendarSync.Emulator.Calendar;
using CalendarSync.Emulator.Google;
using CalendarSync.Emulator.OAuth;
using CalendarSync.Emulator.Push;

namespace CalendarSync.Emulator.Admin;

/// <summary>The emulator's own paths under <c>/emulator</c>, for tests, the demo and benchmarks. No token needed.</summary>
public static class AdminEndpoints
{
    public static void MapAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/emulator");
        admin.MapPost("/users", CreateUser);
        admin.MapPost("/faults", AddFault);
        admin.MapGet("/faults", (FaultRegistry faults) => Results.Json(faults.All.Select(Describe)));
        admin.MapDelete("/faults", (FaultRegistry faults) =>
        {
            faults.Clear();
            return Results.NoContent();
        });
        admin.MapGet("/faults/stats", (FaultRegistry faults) => Results.Json(new
        {
            requests = faults.Requests,
            struck = faults.Struck.OrderBy(p => p.Key).ToDictionary(p => Camel(p.Key.ToString()), p => p.Value),
        }));
        admin.MapDelete("/faults/{id}", (string id, FaultRegistry faults) => faults.Remove(id) ? Results.NoContent() : Results.NotFound());
        admin.MapPost("/reset", Reset);
        admin.MapGet("/calendars/{calendarId}/events", AllEvents);
        admin.MapPost("/calendars/{calendarId}/events", InsertAsGiven);
        admin.MapGet("/calendars/{calendarId}/writes", Writes);
        admin.MapPost("/calendars/{calendarId}/share", Share);
        admin.MapDelete("/calendars/{calendarId}/share/{user}", (string calendarId, string user, CalendarStore calendars, AccountStore accounts, ChannelRegistry channels) =>
            Share(calendarId, new ShareRequest(user, AccessRole.None), calendars, accounts, channels));
        admin.MapDelete("/calendars/{calendarId}", DeleteCalendar);
        admin.MapDelete("/users/{user}/calendarList/{calendarId}", Unsubscribe);
        admin.MapGet("/credentials", (AccountStore accounts) => Results.Json(new { items = accounts.Issued }));
    }

    /// <summary>An event as Google itself may hold it, unchecked where Google would refuse a client's write (see docs/emulator.md).</summary>
    private static async Task<IResult> InsertAsGiven(string calendarId, HttpRequest request, CalendarApi api)
    {
        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            body = null;
        }

        if (body is null)
        {
            return Results.BadRequest(new { error = "the body must be a JSON object: the event" });
        }

        return api.InsertAsGiven(calendarId, body, GoogleHttp.Origin(request)) is { } rendered
            ? Results.Content(rendered.ToJsonString(GoogleHttp.Json), "application/json", statusCode: StatusCodes.Status201Created)
            : Results.NotFound(new { error = $"no calendar '{calendarId}'" });
    }

    private static IResult CreateUser(UserRequest request, CalendarStore calendars, AccountStore accounts)
    {
        if (request.Email is not { } email || !email.Contains('@', StringComparison.Ordinal) || email.Length < 3)
        {
            return Results.BadRequest(new { error = "email is required, e.g. jane@example.com" });
        }

        var zoneId = string.IsNullOrEmpty(request.TimeZone) ? "UTC" : request.TimeZone;
        if (RfcTime.FindZone(zoneId) is not { } zone)
        {
            return Results.BadRequest(new { error = $"unknown IANA time zone '{zoneId}'" });
        }

        email = accounts.AddUser(email);
        calendars.GetOrCreate(email, zone);
        var (accessToken, refreshToken) = accounts.GrantOffline(email, request.Scope);
        return Results.Json(new { email, accessToken, refreshToken }, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>
    /// Shares a calendar with a user as its owner would in Google's sharing settings: the role is theirs and the calendar
    /// joins their list. Role <c>none</c> unshares: the calendar leaves their list, answers them 404 and their channels on it close.
    /// </summary>
    private static IResult Share(string calendarId, ShareRequest request, CalendarStore calendars, AccountStore accounts, ChannelRegistry channels)
    {
        if (calendars.Find(calendarId) is not { } calendar)
        {
            return Results.NotFound(new { error = $"no calendar '{calendarId}'" });
        }

        if (request.User is not { } email || accounts.FindUser(email) is not { } user)
        {
            return Results.NotFound(new { error = $"no user '{request.User}': create them with POST /emulator/users" });
        }

        if (!AccessRole.IsValid(request.Role))
        {
            return Results.BadRequest(new { error = "role must be one of none, freeBusyReader, reader, writer, owner" });
        }

        if (string.Equals(user, calendar.DataOwner ?? calendar.Id, StringComparison.OrdinalIgnoreCase))
        {
            return Results.BadRequest(new { error = $"'{user}' made this calendar and keeps owner access" });
        }

        calendars.Share(calendar, user, request.Role!);
        if (request.Role == AccessRole.None)
        {
            channels.CloseAll(calendar.Id, user);
        }

        return Results.Json(new { calendarId = calendar.Id, user, role = request.Role });
    }

    /// <summary>A calendar's owner deletes it in Google Calendar: as <c>calendars.delete</c>, without a client's grant.</summary>
    private static IResult DeleteCalendar(string calendarId, CalendarStore calendars, ChannelRegistry channels)
    {
        if (calendars.Find(calendarId) is not { } calendar)
        {
            return Results.NotFound(new { error = $"no calendar '{calendarId}'" });
        }

        if (calendar.IsPrimary)
        {
            return Results.BadRequest(new { error = "a primary calendar is never deleted" });
        }

        calendars.Delete(calendar);
        channels.CloseAll(calendar.Id);
        return Results.NoContent();
    }

    /// <summary>
    /// A user takes a calendar off their calendar list in Google Calendar: as <c>calendarList.delete</c>, without a client's
    /// grant. Their access stays, as it does at Google.
    /// </summary>
    private static IResult Unsubscribe(string user, string calendarId, CalendarStore calendars, AccountStore accounts)
    {
        if (accounts.FindUser(user) is not { } email)
        {
            return Results.NotFound(new { error = $"no user '{user}': create them with POST /emulator/users" });
        }

        if (string.Equals(calendarId, email, StringComparison.OrdinalIgnoreCase))
        {
            return Results.BadRequest(new { error = "a user cannot take their own primary calendar off their list" });
        }

        var list = calendars.ListOf(email);
        lock (list.Gate)
        {
            return list.Remove(calendarId)
                ? Results.NoContent()
                : Results.NotFound(new { error = $"'{calendarId}' is not on the calendar list of '{email}'" });
        }
    }

    private static IResult AddFault(FaultRequest request, FaultRegistry faults, CalendarStore calendars, AccountStore accounts)
    {
        switch (request.Kind)
        {
            case "expireSyncTokens":
                calendars.ExpireSyncTokens();
                return Results.Json(new { applied = request.Kind });
            case "revokeGrant":
                return request.Email is { } email && accounts.RevokeUser(email)
                    ? Results.Json(new { applied = request.Kind, email })
                    : Results.NotFound(new { error = $"no grant for '{request.Email}'" });
        }

        if (!Enum.TryParse<FaultKind>(request.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            return Results.BadRequest(new
            {
                error = "kind must be one of " + string.Join(", ", Enum.GetNames<FaultKind>().Select(Camel)) + ", expireSyncTokens, revokeGrant",
            });
        }

        if (request.Probability is < 0 or > 1 || request.Count is < 1 || request.LatencyMs is < 0)
        {
            return Results.BadRequest(new { error = "probability is 0..1, count at least 1, latencyMs not negative" });
        }

        var fault = faults.Add(
            kind,
            string.IsNullOrEmpty(request.Path) ? "*" : request.Path,
            string.IsNullOrEmpty(request.Method) ? null : request.Method,
            request.Probability ?? 1,
            request.Count,
            TimeSpan.FromMilliseconds(request.LatencyMs ?? 0));
        return Results.Json(Describe(fault), statusCode: StatusCodes.Status201Created);
    }

    private static IResult Reset(CalendarStore calendars, AccountStore accounts, FaultRegistry faults, ChannelRegistry channels)
    {
        faults.Reset();
        channels.Clear();
        accounts.Clear();
        calendars.Clear();
        return Results.NoContent();
    }

    /// <summary>Every event ever stored in a calendar, deleted ones included, so tests can check for duplicates.</summary>
    private static IResult AllEvents(string calendarId, HttpRequest request, CalendarStore calendars)
    {
        if (calendars.Find(calendarId) is not { } calendar)
        {
            return Results.NotFound(new { error = $"no calendar '{calendarId}'" });
        }

        var items = new JsonArray();
        lock (calendar.Gate)
        {
            foreach (var ev in calendar.Events.Values.OrderBy(e => e.Ordinal))
            {
                items.Add(EventRenderer.Render(ev, calendar, calendar.Zone, GoogleHttp.Origin(request)));
            }
        }

        return Results.Content(new JsonObject { ["items"] = items }.ToJsonString(GoogleHttp.Json), "application/json");
    }

    /// <summary>What every write to a calendar asked for (<see cref="WriteRecord"/>), in order, so tests can prove that no write asked Google to mail anyone.</summary>
    private static IResult Writes(string calendarId, CalendarStore calendars)
    {
        if (calendars.Find(calendarId) is not { } calendar)
        {
            return Results.NotFound(new { error = $"no calendar '{calendarId}'" });
        }

        lock (calendar.Gate)
        {
            return Results.Json(new
            {
                items = calendar.Writes.Select(w => new
                {
                    method = w.Method,
                    eventId = w.EventId,
                    sendUpdates = w.SendUpdates,
                    sendNotifications = w.SendNotifications,
                    attendees = w.Attendees,
                    inBatch = w.InBatch,
                    status = w.StatusCode,
                }).ToList(),
            });
        }
    }

    private static object Describe(Fault fault) => new
    {
        id = fault.Id,
        kind = Camel(fault.Kind.ToString()),
        path = fault.PathPattern,
        method = fault.Method,
        probability = fault.Probability,
        count = fault.Count,
        latencyMs = (int)fault.Latency.TotalMilliseconds,
    };

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
