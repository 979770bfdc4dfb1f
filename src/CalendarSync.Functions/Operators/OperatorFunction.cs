using System.Globalization;
using System.Net;
using System.Text;
using CalendarSync.Core.Calendar;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;
using CalendarSync.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Operators;

/// <summary>
/// The operator pages: every connection with its status, last run and push channel; the recent failures; the staff
/// members with double bookings; a page per staff member with their runs from the sync log and their double bookings
/// as they stand now; and the actions (sync now, pause and resume, direction, a reconnect
/// link, the write calendar, how each calendar of their list is read), each a POST through <see cref="OperatorSignIn"/>'s checks, answered by a redirect back to the page.
/// Anonymous to the host: <see cref="OperatorSignIn"/> is the gate.
/// </summary>
public sealed class OperatorFunction(
    IConnectionStore connections,
    ISyncLog syncLog,
    SyncScheduler scheduler,
    ConnectionControl control,
    CalendarChoice calendarChoice,
    ConnectionService links,
    AppointmentDataService data,
    ConflictReport conflictReport,
    OperatorSignIn signIn,
    ILogger<OperatorFunction> logger)
{
    private const int MaxConnections = 1000;
    private const int MaxFailures = 20;
    private const int RunsShown = 50;
    private const int BlocksShown = 100;

    /// <summary>The prefix of the calendars form's fields: <c>calendar:{id}</c>, valued by <see cref="Readings"/>.</summary>
    private const string CalendarField = "calendar:";

    private static readonly Dictionary<string, CalendarReading> Readings = new(StringComparer.Ordinal)
    {
        ["no"] = CalendarReading.No,
        ["busyOnly"] = CalendarReading.BusyOnly,
        ["full"] = CalendarReading.Full,
    };

    private static readonly Dictionary<string, string> Done = new(StringComparer.Ordinal)
    {
        ["sync"] = "A sync was queued; it runs within seconds.",
        ["pause"] = "Paused: the sweep leaves this staff member out until resumed.",
        ["resume"] = "Resumed: the next sweep syncs this staff member again.",
        ["direction"] = "The sync direction was changed.",
        ["write-calendar"] = "The write calendar was chosen; a sync was queued, which moves the appointments there.",
        ["calendars"] = "How each calendar is read was saved; a sync was queued, which reads them so.",
    };

    [Function(nameof(OperatorHome))]
    public async Task<IActionResult> OperatorHome(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operator")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (session, refusal) = signIn.Check(request);
        if (session is null)
        {
            return refusal!;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        var all = new List<ConnectionRecord>();
        string? continuation = null;
        do
        {
            var page = await connections.ListAllAsync(continuation, 200, cancellationToken);
            all.AddRange(page.Items);
            continuation = page.Continuation;
        }
        while (continuation is not null && all.Count < MaxConnections);

        var token = signIn.FormToken(session);
        var rows = new StringBuilder();
        foreach (var c in all.OrderBy(c => c.StaffId, StringComparer.Ordinal))
        {
            rows.Append(CultureInfo.InvariantCulture, $"""
                <tr><th scope="row"><a href="operator/staff/{Uri.EscapeDataString(c.StaffId)}">{Pages.Text(c.StaffId)}</a></th>
                <td>{Pages.Text(c.Email)}</td><td>{StatusCell(c)}</td><td>{Pages.Text(DirectionName(c.Connection.Direction))}</td>
                <td>{Time(c.Connection.LastSyncAt)}</td><td>{Pages.Text(c.Connection.LastOutcome?.ToString() ?? "none yet")}</td>
                <td>{c.LastRunWrites.ToString(CultureInfo.InvariantCulture)}</td><td>{Pages.Text(PlainText.Excerpt(c.LastMessage))}</td>
                <td>{Time(c.Channel?.Expiration)}</td><td>{Actions(c, token, "operator/staff/")}</td></tr>
                """);
        }

        var failures = new StringBuilder();
        foreach (var c in all.Where(Failing).OrderByDescending(c => c.Connection.LastSyncAt).Take(MaxFailures))
        {
            var latest = (await syncLog.ListAsync(c.StaffId, null, 1, cancellationToken)).Items;
            var last = latest.Count > 0 ? latest[0] : null;
            failures.Append(CultureInfo.InvariantCulture, $"""
                <tr><th scope="row"><a href="operator/staff/{Uri.EscapeDataString(c.StaffId)}">{Pages.Text(c.StaffId)}</a></th>
                <td>{Time(last?.StartedAt ?? c.Connection.LastSyncAt)}</td><td>{Pages.Text(last?.Error?.ToString() ?? c.Connection.LastOutcome?.ToString())}</td>
                <td>{Pages.Text(PlainText.Excerpt(last?.Message ?? c.LastMessage))}</td></tr>
                """);
        }

        var doubleBooked = new StringBuilder();
        foreach (var c in all.Where(c => c.KnownConflictCount > 0).OrderByDescending(c => c.KnownConflictCount).ThenBy(c => c.StaffId, StringComparer.Ordinal))
        {
            doubleBooked.Append(CultureInfo.InvariantCulture, $"""
                <tr><th scope="row"><a href="operator/staff/{Uri.EscapeDataString(c.StaffId)}">{Pages.Text(c.StaffId)}</a></th>
                <td>{c.KnownConflictCount}</td><td>{Time(c.Connection.LastSyncAt)}</td></tr>
                """);
        }

        logger.LogInformation("Operator page shown to {Operator}: {Connections} connections", session.Name, all.Count);
        return Pages.Page(HttpStatusCode.OK, "Calendar connections", $"""
            <p>Signed in as {Pages.Text(session.Name)}. {all.Count.ToString(CultureInfo.InvariantCulture)} connections{(all.Count >= MaxConnections ? " (the first " + MaxConnections.ToString(CultureInfo.InvariantCulture) + ")" : "")}.</p>
            <table><caption>Every connection</caption>
            <thead><tr><th scope="col">Staff member</th><th scope="col">Google account</th><th scope="col">Status</th><th scope="col">Direction</th>
            <th scope="col">Last sync</th><th scope="col">Outcome</th><th scope="col">Writes</th><th scope="col">Message</th>
            <th scope="col">Push channel until</th><th scope="col">Actions</th></tr></thead>
            <tbody>{rows}</tbody></table>
            <h2>Recent failures</h2>
            {(failures.Length == 0 ? "<p>None: every connection's last run went through.</p>" : $"""
                <table><caption>Connections whose last run failed</caption><thead><tr><th scope="col">Staff member</th><th scope="col">When</th>
                <th scope="col">Error kind</th><th scope="col">Message</th></tr></thead><tbody>{failures}</tbody></table>
                """)}
            <h2>Double bookings</h2>
            {(doubleBooked.Length == 0 ? "<p>None found: no staff member's last run that wrote found an appointment and a Google event over the same time.</p>" : $"""
                <table><caption>Staff members with a booked appointment and a Google event over the same time, as their last run that wrote found them</caption>
                <thead><tr><th scope="col">Staff member</th><th scope="col">Double bookings</th><th scope="col">Last sync</th></tr></thead>
                <tbody>{doubleBooked}</tbody></table>
                """)}
            """);
    }

    [Function(nameof(OperatorStaff))]
    public async Task<IActionResult> OperatorStaff(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operator/staff/{staffId}")] HttpRequest request,
        string staffId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (session, refusal) = signIn.Check(request);
        if (session is null)
        {
            return refusal!;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        if (!ItemId.IsValid(staffId) || await connections.GetAsync(staffId, cancellationToken) is not { } c)
        {
            return Pages.Message(HttpStatusCode.NotFound, "No such connection", $"There is no calendar connection for staff member {staffId}.");
        }

        var runs = new StringBuilder();
        foreach (var run in (await syncLog.ListAsync(staffId, null, RunsShown, cancellationToken)).Items)
        {
            runs.Append(CultureInfo.InvariantCulture, $"""
                <tr><td>{Time(run.StartedAt)}</td><td>{Pages.Text(run.Outcome.ToString())}</td><td>{Pages.Text(run.Error?.ToString() ?? "")}</td>
                <td>{run.Created}</td><td>{run.Updated}</td><td>{run.Deleted}</td><td>{run.Imported}</td><td>{run.BlocksRemoved}</td>
                <td>{run.Conflicts}</td><td>{(int)run.Duration.TotalMilliseconds} ms</td><td>{Pages.Text(PlainText.Excerpt(run.Message))}</td></tr>
                """);
        }

        var blocks = new StringBuilder();
        foreach (var block in (await data.ListBlocksAsync(staffId, null, BlocksShown, cancellationToken)).Items.OfType<BlockedSlot>())
        {
            var period = block.Period.IsAllDay
                ? $"{block.Period.StartDate:yyyy-MM-dd} (all day) to {block.Period.EndDate:yyyy-MM-dd}"
                : $"{block.Period.Start.UtcDateTime:yyyy-MM-dd HH:mm} to {block.Period.End.UtcDateTime:yyyy-MM-dd HH:mm} UTC";
            blocks.Append(CultureInfo.InvariantCulture, $"""
                <tr><td>{Pages.Text(period)}</td><td>{(block.Origin == BlockOrigin.Google ? "Google" : "Appointment system")}</td><td>{Pages.Text(block.Summary)}</td></tr>
                """);
        }

        var conflicts = new StringBuilder();
        foreach (var conflict in await conflictReport.ListAsync(c, cancellationToken))
        {
            conflicts.Append(CultureInfo.InvariantCulture, $"""
                <tr><td>{Pages.Text($"{conflict.Start.UtcDateTime:yyyy-MM-dd HH:mm} to {conflict.End.UtcDateTime:yyyy-MM-dd HH:mm} UTC")}</td>
                <td>{Pages.Text(conflict.AppointmentId)}</td><td>{Pages.Text(conflict.GoogleEventId)}</td>
                <td>{(conflict.EventCameLast ? "The event was put over the booking" : "The appointment was booked over the event")}</td></tr>
                """);
        }

        var done = request.Query["done"].ToString();
        return Pages.Page(HttpStatusCode.OK, $"Staff member {staffId}", $"""
            {(Done.TryGetValue(done, out var notice) ? $"<p class=\"notice\" role=\"status\">{Pages.Text(notice)}</p>" : "")}
            <p><a href="../../operator">All connections</a></p>
            <dl><dt>Google account</dt><dd>{Pages.Text(c.Email)}</dd><dt>Status</dt><dd>{StatusCell(c)}</dd>
            <dt>Direction</dt><dd>{Pages.Text(DirectionName(c.Connection.Direction))}</dd><dt>Time zone</dt><dd>{Pages.Text(c.TimeZoneId)}</dd>
            <dt>Last sync</dt><dd>{Time(c.Connection.LastSyncAt)} ({Pages.Text(c.Connection.LastOutcome?.ToString() ?? "none yet")})</dd>
            <dt>Push channel until</dt><dd>{Time(c.Channel?.Expiration)}</dd>
            {Calendars(c.Connection)}</dl>
            <h2>Actions</h2>
            <p>{Actions(c, signIn.FormToken(session), "")}</p>
            <h2>Which calendars are read</h2>
            {await ReadingFormAsync(c, signIn.FormToken(session), cancellationToken)}
            <h2>Where appointments are written</h2>
            {WriteCalendarForms(c, signIn.FormToken(session))}
            <h2>Double bookings</h2>
            {(conflicts.Length == 0 ? "<p>None: no booked appointment overlaps a Google event from now on.</p>" : $"""
                <table><caption>Booked appointments and Google events over the same time, from now on, as stored now</caption>
                <thead><tr><th scope="col">Overlap</th><th scope="col">Appointment</th><th scope="col">Google event</th><th scope="col">Which came last</th></tr></thead>
                <tbody>{conflicts}</tbody></table>
                """)}
            <h2>Recent runs</h2>
            <table><caption>The last {RunsShown} runs, newest first, from the sync log</caption>
            <thead><tr><th scope="col">Started</th><th scope="col">Outcome</th><th scope="col">Error kind</th><th scope="col">Created</th>
            <th scope="col">Updated</th><th scope="col">Deleted</th><th scope="col">Imported</th><th scope="col">Blocks removed</th>
            <th scope="col">Conflicts</th><th scope="col">Duration</th><th scope="col">Message</th></tr></thead>
            <tbody>{runs}</tbody></table>
            <h2>Blocked time</h2>
            <table><caption>The first {BlocksShown} blocked slots; those from Google carry the event's summary, an outsider's text</caption>
            <thead><tr><th scope="col">When</th><th scope="col">From</th><th scope="col">Summary</th></tr></thead>
            <tbody>{blocks}</tbody></table>
            """);
    }

    /// <summary>
    /// One action on one staff member's connection: <c>sync</c>, <c>pause</c>, <c>resume</c>, <c>direction</c>,
    /// <c>write-calendar</c>, <c>calendars</c> or <c>reconnect-link</c>.
    /// </summary>
    [Function(nameof(OperatorAction))]
    public async Task<IActionResult> OperatorAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "operator/staff/{staffId}/{action}")] HttpRequest request,
        string staffId,
        string action)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (session, refusal) = signIn.Check(request);
        if (session is null)
        {
            return refusal!;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        IFormCollection form;
        try
        {
            form = request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : FormCollection.Empty;
        }
        catch (InvalidDataException)
        {
            form = FormCollection.Empty;
        }

        if (signIn.RefuseForgery(request, session, form[OperatorSignIn.TokenField].Count == 1 ? form[OperatorSignIn.TokenField][0] : null) is { } forged)
        {
            return forged;
        }

        if (!ItemId.IsValid(staffId) || await connections.GetAsync(staffId, cancellationToken) is not { } record)
        {
            return Pages.Message(HttpStatusCode.NotFound, "No such connection", $"There is no calendar connection for staff member {staffId}.");
        }

        try
        {
            switch (action)
            {
                case "sync" when !await scheduler.QueueAsync(record, SyncReason.Manual, cancellationToken):
                    return Pages.Message(HttpStatusCode.Conflict, "Not synced", $"Staff member {staffId}'s connection is {record.Connection.Status}: it does not sync now.");
                case "sync":
                    break;
                case "pause":
                    await control.PauseAsync(staffId, cancellationToken);
                    break;
                case "resume":
                    await control.ResumeAsync(staffId, cancellationToken);
                    break;
                case "direction":
                    await control.SetDirectionAsync(staffId, ConnectionControl.ParseDirection(form["direction"].ToString()), cancellationToken);
                    break;
                case "write-calendar":
                    if (await ChooseAsync(staffId, WriteCalendarFrom(form), cancellationToken) is { } notWritten)
                    {
                        return notWritten;
                    }

                    break;
                case "calendars":
                    if (await ChooseAsync(staffId, ReadingsFrom(record.Connection, form), cancellationToken) is { } notRead)
                    {
                        return notRead;
                    }

                    break;
                case "reconnect-link":
                    var link = await links.CreateLinkAsync(staffId, record.Email, cancellationToken);
                    logger.LogInformation("Operator {Operator} created a reconnect link for staff member {StaffId}", session.Name, staffId);
                    return Pages.Page(HttpStatusCode.OK, $"Reconnect link for {staffId}", $"""
                        <p>Send this link to the staff member. It works once, until {Time(link.ExpiresAt)}, for the Google account {Pages.Text(AccountAddress.Mask(record.Email))}.</p>
                        <p><label for="link">Connect link</label><br><input id="link" readonly size="80" value="{Pages.Text(link.Url.AbsoluteUri)}"></p>
                        <p><a href="../{Uri.EscapeDataString(staffId)}">Back to {Pages.Text(staffId)}</a></p>
                        """);
                default:
                    return Pages.Message(HttpStatusCode.NotFound, "No such action", "The actions are sync, pause, resume, direction, write-calendar, calendars and reconnect-link.");
            }
        }
        catch (DomainValidationException ex)
        {
            return Pages.Message(HttpStatusCode.BadRequest, "Not changed", ex.Message);
        }

        logger.LogInformation("Operator {Operator} did {Action} for staff member {StaffId}", session.Name, action, staffId);
        return new PageResult { StatusCode = StatusCodes.Status303SeeOther, Location = $"../{Uri.EscapeDataString(staffId)}?done={action}" };
    }

    /// <summary>The write calendar from the form: <c>write</c> (a calendar id, or <c>primary</c>) or <c>create</c> (the title of a new one).</summary>
    private static CalendarSelection WriteCalendarFrom(IFormCollection form) =>
        form["create"] is [{ } title]
            ? new CalendarSelection { CreateWriteCalendar = title }
            : new CalendarSelection
            {
                Write = form["write"] is [{ Length: > 0 } write]
                    ? write.Trim()
                    : throw new DomainValidationException("write", "Name the calendar to write to (an id from the staff member's calendar list, or primary), or give a title to create one."),
            };

    /// <summary>
    /// How each calendar is read, from the calendars form: one <c>calendar:{id}</c> field a calendar of the list besides the
    /// primary and the write calendar, valued <c>no</c>, <c>busyOnly</c> or <c>full</c>. The form is the whole choice: a
    /// calendar it leaves out is not read. Any other field, or another value, is refused.
    /// </summary>
    private static CalendarSelection ReadingsFrom(CalendarConnection connection, IFormCollection form)
    {
        var read = new List<string>();
        var busy = new List<string>();
        foreach (var (name, values) in form)
        {
            if (name == OperatorSignIn.TokenField)
            {
                continue;
            }

            if (!name.StartsWith(CalendarField, StringComparison.Ordinal) || name.Length == CalendarField.Length)
            {
                throw new DomainValidationException(
                    name, $"The form has a field '{PlainText.Excerpt(name)}' it does not know: it gives each calendar as {CalendarField}<id>. Reload the staff member's page and choose again.");
            }

            var id = name[CalendarField.Length..];
            if (values is not [{ } value] || !Readings.TryGetValue(value, out var reading))
            {
                throw new DomainValidationException(
                    name, $"How the calendar {PlainText.Excerpt(id)} is read must be one of {string.Join(", ", Readings.Keys)}, given once.");
            }

            if (string.Equals(id, connection.CalendarId, StringComparison.OrdinalIgnoreCase)
                || string.Equals(id, connection.WriteCalendarId, StringComparison.OrdinalIgnoreCase))
            {
                throw new DomainValidationException(
                    name, $"The calendar {PlainText.Excerpt(id)} is the primary or the write calendar, which is always read in full; choose the write calendar in its own form.");
            }

            (reading == CalendarReading.Full ? read : reading == CalendarReading.BusyOnly ? busy : null)?.Add(id);
        }

        return new CalendarSelection { Read = read, BusyOnly = busy };
    }

    /// <summary>Makes <paramref name="selection"/> the staff member's choice; null when done, else the page that says why not.</summary>
    private async Task<PageResult?> ChooseAsync(string staffId, CalendarSelection selection, CancellationToken cancellationToken)
    {
        try
        {
            await calendarChoice.SetAsync(staffId, selection, cancellationToken);
            return null;
        }
        catch (ReconnectForCalendarException ex)
        {
            return Pages.Message(HttpStatusCode.Conflict, "Reconnect needed", $"{ex.Message} 'Reconnect link' on the staff member's page makes one to send them.");
        }
        catch (CalendarException ex)
        {
            logger.LogWarning(ex, "The calendar list of staff member {StaffId} could not be read", staffId);
            return Pages.Message(HttpStatusCode.ServiceUnavailable, "Not changed",
                "Google could not be asked for the staff member's calendar list (if it refused their grant, they connect again first); nothing was changed. Try again in a minute.");
        }
    }

    private static bool Failing(ConnectionRecord c) =>
        c.Connection.Status is ConnectionStatus.Error or ConnectionStatus.ReauthRequired
        || c.Connection.LastOutcome is SyncOutcome.Failed or SyncOutcome.CalendarNotWritable;

    /// <summary>The staff member's choice of calendars as the page's definition list shows it, and a write calendar awaiting their reconnect.</summary>
    private static string Calendars(CalendarConnection connection)
    {
        static string Ids(IEnumerable<string> ids) => Pages.Text(string.Join(", ", ids));
        var awaited = CalendarChoice.AwaitedReconnect(connection);
        return $"""
            <dt>Appointments written to</dt><dd>{(connection.WriteCalendarId is { } write ? Pages.Text(write) : "the primary calendar")}</dd>
            <dt>Read in full</dt><dd>{Ids([connection.CalendarId, .. connection.WriteCalendarId is { } w ? [w] : Array.Empty<string>(), .. connection.ReadCalendars.Ids])}</dd>
            <dt>Busy times only</dt><dd>{(connection.BusyCalendars.IsEmpty ? "none" : Ids(connection.BusyCalendars.Ids))}</dd>
            {(awaited is null ? "" : $"<dt>Reconnect awaited</dt><dd class=\"notice\">{Pages.Text(awaited)}</dd>")}
            """;
    }

    // On the staff page only (its forms post relative to it): an existing calendar by id, or a new one by title.
    private static string WriteCalendarForms(ConnectionRecord c, string token)
    {
        var hidden = $"<input type=\"hidden\" name=\"{OperatorSignIn.TokenField}\" value=\"{Pages.Text(token)}\">";
        var target = Pages.Text(Uri.EscapeDataString(c.StaffId) + "/write-calendar");
        return $"""
            <form method="post" action="{target}">{hidden}<label for="write">Calendar id (or primary)</label> <input id="write" name="write" size="50" value="{Pages.Text(c.Connection.WriteCalendarId ?? CalendarSelection.Primary)}"> <button type="submit">Write appointments there</button></form>
            <form method="post" action="{target}">{hidden}<label for="create">New calendar's title</label> <input id="create" name="create" size="30" maxlength="{ItemRules.MaxShortText}" value="{CalendarChoice.DefaultTitle}"> <button type="submit">Create it and write appointments there</button></form>
            """;
    }

    /// <summary>
    /// The staff member's calendar list as Google has it now, each calendar with its title, id and access role, and for
    /// each besides the primary and the write calendar a choice of how it is read; a sentence instead when Google cannot
    /// be asked (the rest of the page stands).
    /// </summary>
    private async Task<string> ReadingFormAsync(ConnectionRecord c, string token, CancellationToken cancellationToken)
    {
        ChosenCalendars? chosen;
        try
        {
            chosen = await calendarChoice.ListAsync(c.StaffId, cancellationToken);
        }
        catch (CalendarException ex)
        {
            logger.LogWarning(ex, "The calendar list of staff member {StaffId} could not be read for the operator's page", c.StaffId);
            return "<p class=\"notice\">The staff member's calendar list cannot be read now: Google could not be asked (if it refused their grant, they connect again first). Reload the page in a minute.</p>";
        }

        if (chosen is null)
        {
            return "";
        }

        var rows = new StringBuilder();
        foreach (var (entry, index) in chosen.Calendars.Select((entry, index) => (entry, index)))
        {
            var calendar = entry.Calendar;
            var title = string.IsNullOrWhiteSpace(calendar.Summary) ? calendar.Id : calendar.Summary;
            var reading = calendar.IsPrimary || string.Equals(calendar.Id, c.Connection.CalendarId, StringComparison.OrdinalIgnoreCase)
                ? "In full: the primary calendar"
                : entry.IsWrite
                    ? "In full: it receives appointments"
                    : null;
            rows.Append(CultureInfo.InvariantCulture, $"""
                <tr><td>{Pages.Text(title)}</td><td>{Pages.Text(calendar.Id)}</td><td>{Pages.Text(calendar.AccessRole.ToString())}</td>
                <td>{(reading is not null ? Pages.Text(reading) : ReadingChoice(calendar.Id, title, entry.Reading, index))}</td></tr>
                """);
        }

        return $"""
            <form method="post" action="{Pages.Text(Uri.EscapeDataString(c.StaffId) + "/calendars")}"><input type="hidden" name="{OperatorSignIn.TokenField}" value="{Pages.Text(token)}">
            <table><caption>The staff member's calendar list as Google has it now; a calendar shared for free/busy only can be read as busy times only</caption>
            <thead><tr><th scope="col">Calendar</th><th scope="col">Id</th><th scope="col">Their access</th><th scope="col">How it is read</th></tr></thead>
            <tbody>{rows}</tbody></table>
            <button type="submit">Save how the calendars are read</button></form>
            """;
    }

    private static string ReadingChoice(string calendarId, string title, CalendarReading current, int index)
    {
        var name = Pages.Text(CalendarField + calendarId);
        var choices = new StringBuilder();
        foreach (var (value, label) in new[] { ("no", "Not read"), ("full", "In full"), ("busyOnly", "Busy times only") })
        {
            var id = $"reading-{index}-{value}";
            choices.Append(CultureInfo.InvariantCulture,
                $"<input type=\"radio\" id=\"{id}\" name=\"{name}\" value=\"{value}\"{(Readings[value] == current ? " checked" : "")}> <label for=\"{id}\">{label}</label> ");
        }

        return $"<fieldset><legend class=\"visually-hidden\">How {Pages.Text(title)} is read</legend>{choices}</fieldset>";
    }

    private static string StatusCell(ConnectionRecord c) =>
        $"<span class=\"status-{c.Connection.Status}\">{Pages.Text(c.Connection.Status.ToString())}</span>"
        + (Failing(c) && c.Connection.Status != ConnectionStatus.ReauthRequired ? " <span class=\"failing\">(failing)</span>" : "");

    private static string DirectionName(SyncDirection direction) => direction switch
    {
        SyncDirection.PushOnly => "Push only",
        SyncDirection.PullOnly => "Pull only",
        _ => "Both ways",
    };

    private static string Time(DateTimeOffset? at) =>
        at is { } time ? $"<time datetime=\"{time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}\">{time.UtcDateTime:yyyy-MM-dd HH:mm} UTC</time>" : "—";

    // Forms post to operator/staff/{id}/{action}, relative to the page they are on (prefix: "operator/staff/" from the list, "" from a staff page).
    private static string Actions(ConnectionRecord c, string token, string prefix)
    {
        var target = prefix + Uri.EscapeDataString(c.StaffId) + "/";
        var hidden = $"<input type=\"hidden\" name=\"{OperatorSignIn.TokenField}\" value=\"{Pages.Text(token)}\">";
        var id = Pages.Text(c.StaffId);
        var pauseOrResume = c.Connection.Status == ConnectionStatus.Paused
            ? $"<form method=\"post\" action=\"{Pages.Text(target)}resume\">{hidden}<button type=\"submit\">Resume<span class=\"visually-hidden\"> {id}</span></button></form>"
            : $"<form method=\"post\" action=\"{Pages.Text(target)}pause\">{hidden}<button type=\"submit\">Pause<span class=\"visually-hidden\"> {id}</span></button></form>";
        var options = string.Concat(Enum.GetValues<SyncDirection>().Select(d =>
            $"<option value=\"{d}\"{(d == c.Connection.Direction ? " selected" : "")}>{Pages.Text(DirectionName(d))}</option>"));
        var selectId = "direction-" + Pages.Text(c.StaffId);
        return $"""
            <form method="post" action="{Pages.Text(target)}sync">{hidden}<button type="submit">Sync now<span class="visually-hidden"> {id}</span></button></form>
            {pauseOrResume}
            <form method="post" action="{Pages.Text(target)}direction">{hidden}<label for="{selectId}" class="visually-hidden">Direction of {id}</label><select id="{selectId}" name="direction">{options}</select> <button type="submit">Set direction<span class="visually-hidden"> of {id}</span></button></form>
            <form method="post" action="{Pages.Text(target)}reconnect-link">{hidden}<button type="submit">Reconnect link<span class="visually-hidden"> for {id}</span></button></form>
            """;
    }
}
