using CalendarSync.Core.Calendar;
using CalendarSync.Core.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Http;

/// <summary>
/// A staff member's connection as the appointment system changes it: disconnecting (channel stopped, grant revoked,
/// connection disabled), pausing and resuming its sync, its sync direction, and which calendars make the staff member busy and which receives appointments.
/// </summary>
public sealed class ConnectionsFunction(DisconnectService disconnects, ConnectionControl control, CalendarChoice calendars, ILogger<ConnectionsFunction> logger)
{
    private static readonly HashSet<string> DirectionFields = new(StringComparer.Ordinal) { "direction" };

    private static readonly HashSet<string> CalendarFields = new(StringComparer.Ordinal) { "read", "busyOnly", "write", "createWriteCalendar" };

    /// <summary>The staff member's calendar list as Google has it now, each calendar with how the sync reads it and which receives appointments.</summary>
    [Function(nameof(GetCalendars))]
    public Task<IActionResult> GetCalendars(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "calendar/connections/{staffId}/calendars")] HttpRequest request,
        string staffId,
        CancellationToken cancellationToken) =>
        Problems.CatchRefusalsAsync(logger, () => CalendarsAsync(staffId, () => calendars.ListAsync(staffId, cancellationToken)));

    /// <summary>
    /// Sets the choice of calendars, <c>{"read": [id, …], "busyOnly": [id, …], "write": id|"primary", "createWriteCalendar": title}</c>,
    /// each member optional (absent: unchanged; <c>[]</c>: none), each calendar on the staff member's calendar list; a sync
    /// is queued so the change takes effect within seconds. A calendar to create that the staff member's grant does not
    /// allow is answered 409: the wish is kept and they connect again.
    /// </summary>
    [Function(nameof(SetCalendars))]
    public Task<IActionResult> SetCalendars(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "calendar/connections/{staffId}/calendars")] HttpRequest request,
        string staffId,
        CancellationToken cancellationToken) =>
        Problems.CatchRefusalsAsync(logger, async () =>
        {
            using var body = await JsonBody.ReadAsync(request, CalendarFields, cancellationToken);
            if (!CalendarFields.Any(body.Has))
            {
                throw new RequestRefusedException(
                    "body", "Give at least one of read, busyOnly (the calendars to read in full, as busy times only; [] for none), write (a calendar id or \"primary\") and createWriteCalendar (a title).");
            }

            var selection = new CalendarSelection
            {
                Read = body.Has("read") ? body.Texts("read") : null,
                BusyOnly = body.Has("busyOnly") ? body.Texts("busyOnly") : null,
                Write = body.Text("write"),
                CreateWriteCalendar = body.Text("createWriteCalendar"),
            };
            try
            {
                var answer = await CalendarsAsync(staffId, () => calendars.SetAsync(staffId, selection, cancellationToken));
                logger.LogInformation("Staff member {StaffId}'s choice of calendars set", staffId);
                return answer;
            }
            catch (ReconnectForCalendarException ex)
            {
                logger.LogInformation("Staff member {StaffId}'s write calendar awaits their reconnect", staffId);
                return Problems.Problem(StatusCodes.Status409Conflict, "Reconnect needed", ex.Message, "createWriteCalendar");
            }
        });

    /// <summary>
    /// Each calendar as JSON, with how the sync reads it (<c>full</c>: the primary, the write calendar and those chosen;
    /// <c>busyOnly</c>; <c>no</c>) and whether it receives appointments (calsync's <c>--json</c> writes the same).
    /// </summary>
    public static object Show(ChosenCalendar chosen)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        return new
        {
            id = chosen.Calendar.Id,
            summary = chosen.Calendar.Summary,
            accessRole = char.ToLowerInvariant(chosen.Calendar.AccessRole.ToString()[0]) + chosen.Calendar.AccessRole.ToString()[1..],
            primary = chosen.Calendar.IsPrimary,
            read = chosen.Reading switch { CalendarReading.Full => "full", CalendarReading.BusyOnly => "busyOnly", _ => "no" },
            write = chosen.IsWrite,
        };
    }

    /// <summary>The whole choice as JSON: every calendar (<see cref="Show(ChosenCalendar)"/>) and the write calendar awaiting the staff member's reconnect, if any.</summary>
    public static object Show(string staffId, ChosenCalendars chosen)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        return new { staffId, calendars = chosen.Calendars.Select(Show).ToList(), createWriteCalendar = chosen.CreateWriteCalendar };
    }

    private async Task<IActionResult> CalendarsAsync(string staffId, Func<Task<ChosenCalendars?>> work)
    {
        try
        {
            return await work() is { } chosen
                ? new OkObjectResult(Show(staffId, chosen))
                : Problems.NotFound("No calendar connection for this staff member.", "staffId");
        }
        catch (CalendarGrantRevokedException)
        {
            return Problems.Problem(StatusCodes.Status409Conflict, "Reconnect needed",
                "Google refused the staff member's grant; they connect their calendar again before their calendars can be listed or chosen.", "staffId");
        }
        catch (CalendarException ex)
        {
            logger.LogWarning(ex, "The calendar list of staff member {StaffId} could not be read", staffId);
            return Problems.Problem(StatusCodes.Status503ServiceUnavailable, "Google unavailable",
                "Google could not be asked for the staff member's calendar list; nothing was changed. Try again in a minute.", null);
        }
    }

    [Function(nameof(Disconnect))]
    public Task<IActionResult> Disconnect(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "calendar/connections/{staffId}")] HttpRequest request,
        string staffId,
        CancellationToken cancellationToken) =>
        Problems.CatchRefusalsAsync(logger, async () =>
        {
            var removeEvents = RemoveEvents(request);
            if (Refusal(await disconnects.DisconnectAsync(staffId, removeEvents, cancellationToken), staffId, logger) is { } refused)
            {
                return refused;
            }

            logger.LogInformation("Staff member {StaffId} disconnected their calendar (events removed: {RemoveEvents})", staffId, removeEvents);
            return new NoContentResult();
        });

    [Function(nameof(PauseConnection))]
    public Task<IActionResult> PauseConnection(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "calendar/connections/{staffId}/pause")] HttpRequest request,
        string staffId,
        CancellationToken cancellationToken) =>
        Problems.CatchRefusalsAsync(logger, async () => Changed(await control.PauseAsync(staffId, cancellationToken), "paused"));

    [Function(nameof(ResumeConnection))]
    public Task<IActionResult> ResumeConnection(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "calendar/connections/{staffId}/resume")] HttpRequest request,
        string staffId,
        CancellationToken cancellationToken) =>
        Problems.CatchRefusalsAsync(logger, async () => Changed(await control.ResumeAsync(staffId, cancellationToken), "resumed"));

    /// <summary>Sets the direction, <c>{"direction": "Bidirectional" | "PushOnly" | "PullOnly"}</c>.</summary>
    [Function(nameof(SetDirection))]
    public Task<IActionResult> SetDirection(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "calendar/connections/{staffId}/direction")] HttpRequest request,
        string staffId,
        CancellationToken cancellationToken) =>
        Problems.CatchRefusalsAsync(logger, async () =>
        {
            using var body = await JsonBody.ReadAsync(request, DirectionFields, cancellationToken);
            var direction = ConnectionControl.ParseDirection(body.Text("direction"));
            return Changed(await control.SetDirectionAsync(staffId, direction, cancellationToken), $"set to sync {direction}");
        });

    /// <summary>The connection's state as sync-status shows it, for an answer.</summary>
    internal static object Shown(ConnectionRecord record) => new
    {
        staffId = record.StaffId,
        status = record.Connection.Status.ToString(),
        direction = record.Connection.Direction.ToString(),
    };

    internal static bool RemoveEvents(HttpRequest request)
    {
        var text = request.Query["removeEvents"].ToString();
        return text.Length == 0 ? false
            : bool.TryParse(text, out var removeEvents) ? removeEvents
            : throw new RequestRefusedException("removeEvents", "removeEvents must be true or false.");
    }

    private IActionResult Changed(ConnectionRecord? record, string what)
    {
        if (record is null)
        {
            return Problems.NotFound("No calendar connection for this staff member.", "staffId");
        }

        logger.LogInformation("The connection of staff member {StaffId} was {Change} through the data API", record.StaffId, what);
        return new OkObjectResult(Shown(record));
    }

    internal static IActionResult? Refusal(DisconnectOutcome outcome, string staffId, ILogger logger)
    {
        switch (outcome)
        {
            case DisconnectOutcome.NotFound:
                return Problems.NotFound("No calendar connection for this staff member.", "staffId");
            case DisconnectOutcome.SyncRunning:
                logger.LogInformation("Change of staff member {StaffId}'s connection refused: a sync of theirs is running", staffId);
                return Problems.Problem(StatusCodes.Status409Conflict, "Sync under way",
                    "A sync of this staff member's calendar is running; nothing was changed. Send the request again in a minute, once it has finished.", null);
            default:
                return null;
        }
    }
}
