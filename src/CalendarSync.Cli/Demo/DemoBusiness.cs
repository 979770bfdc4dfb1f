using System.Globalization;
using System.Text.Json;
using CalendarSync.Cli.Commands;
using CalendarSync.Cli.Hosting;
using CalendarSync.Cli.Staff;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Spectre.Console;

namespace CalendarSync.Cli.Demo;

/// <summary>
/// The demo's small business, played through the same services as every command: three staff members in two zones,
/// a week of appointments and a closure on one side, a few Google events on the other; both synced, shown side by
/// side, changed on each side and synced again.
/// </summary>
internal sealed class DemoBusiness(CliInvocation cli)
{
    /// <summary>The demo's staff members.</summary>
    public static readonly IReadOnlyList<StaffMember> Team =
    [
        new("demo-ana", "Ana Berger", "ana@demo.example", "Europe/Berlin"),
        new("demo-ben", "Ben Okafor", "ben@demo.example", "Europe/Berlin"),
        new("demo-cleo", "Cleo Park", "cleo@demo.example", "America/New_York"),
    ];

    /// <summary>
    /// The demo's own settings over the configured ones: its events show the customer's name and the appointment's
    /// title, which a business has to opt into (the default shows "Appointment", private, without names or notes).
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
    {
        ["Events:Appointment:Summary"] = NamesTemplate,
        ["Events:Appointment:Description"] = "{title}",
    };

    private const string NamesTemplate = "Appointment: {customerName}";

    private static readonly string[] WeekdaysOfOneWeek = ["RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT=5"];

    private readonly GoogleEmulator _google = cli.Get<GoogleEmulator>();
    private readonly AppointmentDataService _data = cli.Get<AppointmentDataService>();
    private readonly Dictionary<string, string> _tokens = [];
    private readonly Dictionary<string, string> _googleEvents = [];
    private DateOnly _monday;

    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(cli.Get<TimeProvider>().GetUtcNow().UtcDateTime);
        var untilMonday = ((int)DayOfWeek.Monday - (int)today.DayOfWeek + 7) % 7;
        _monday = today.AddDays(untilMonday == 0 ? 7 : untilMonday);

        Step("1. Three staff members, their Google accounts, and what they already have in Google");
        foreach (var staff in Team)
        {
            await cli.Get<StaffDirectory>().SaveAsync(staff, cancellationToken);
            _tokens[staff.Id] = await _google.CreateAccountAsync(staff, cancellationToken);
        }

        await SeedGoogleAsync(cancellationToken);

        Step("2. Each connects their calendar through Google's consent (the emulator consents for them)");
        foreach (var staff in Team)
        {
            if (await ConnectCommand.ConnectAsync(cli, staff, cancellationToken) is not { IsConnected: true })
            {
                return false;
            }
        }

        Step($"3. A week of appointments from {_monday:ddd d MMM} and a business closure in the appointment system");
        var appointments = await SeedAppointmentsAsync(cancellationToken);
        cli.Ansi.MarkupLine($"{appointments} appointments, and the closure 'Team day' on {_monday.AddDays(7):ddd d MMM}.");
        cli.Ansi.MarkupLine(Markup.Escape(
            $"This demo opts into customer names in calendars (Events__Appointment__Summary = \"{NamesTemplate}\"); " +
            "by default an appointment shows as \"Appointment\", private, with no name and no notes (README, \"Privacy\")."));

        Step("4. The first sync of each connection (queued when they connected), then a sweep");
        var ok = await SweepAsync(drainOnly: true, cancellationToken) & await SweepAsync(drainOnly: false, cancellationToken);
        await ShowBothSidesAsync(cancellationToken);

        Step("5. A change on each side: two in the appointment system, two in Google");
        await ChangeBothSidesAsync(cancellationToken);

        Step("6. The next sweep carries each change to the other side");
        ok &= await SweepAsync(drainOnly: false, cancellationToken);
        await ShowBothSidesAsync(cancellationToken);

        Step("7. A sweep with nothing changed: one Google call per staff member, no writes");
        ok &= await SweepAsync(drainOnly: false, cancellationToken);
        if (cli.Services.GetService<NpgsqlDataSource>() is { } database)
        {
            ok &= await ShowSqlBothWaysAsync(database, cancellationToken);
        }

        return ok;
    }

    /// <summary>With the appointment data in PostgreSQL: a row the booking system inserts with SQL, and Google's busy time read with SQL.</summary>
    private async Task<bool> ShowSqlBothWaysAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        var ana = Team[0];
        Step("8. The booking system's own SQL: a row inserted reaches Google, Google's events arrive as rows");
        const string Insert =
            "INSERT INTO calendar_sync.appointments (staff_id, id, starts_at, ends_at, customer_name, title) VALUES ($1, $2, $3, $4, $5, $6)";
        var start = Instant(ana, _monday.AddDays(4), 16, 0);
        await using (var insert = database.CreateCommand(Insert))
        {
            foreach (var value in new object[] { ana.Id, "sql-1", start.UtcDateTime, start.AddMinutes(45).UtcDateTime, "Ms Okonkwo", "Booked with SQL" })
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        cli.Ansi.MarkupLine(Markup.Escape($"SQL: {Insert} ('{ana.Id}', 'sql-1', Friday 16:00, 16:45, 'Ms Okonkwo', ...)"));
        var ok = await SweepAsync(drainOnly: false, cancellationToken);
        var reached = (await _google.EventsAsync(ana.Email, cancellationToken))
            .Any(e => Summary(e) == "Appointment: Ms Okonkwo" && e.GetProperty("status").GetString() != "cancelled");
        cli.Ansi.MarkupLine(reached
            ? "Google: Ana's calendar now has \"Appointment: Ms Okonkwo\" on Friday at 16:00."
            : "[red]Google: the appointment inserted with SQL did not reach Ana's calendar.[/]");

        const string Select =
            "SELECT staff_id, starts_at, ends_at, start_date, end_date, summary FROM calendar_sync.blocked_slots WHERE source = 'google' ORDER BY staff_id, coalesce(starts_at, start_date::timestamptz)";
        cli.Ansi.MarkupLine(Markup.Escape($"SQL: {Select}"));
        var rows = new Table().AddColumns("staff_id", "starts_at", "ends_at", "start_date", "end_date", "summary");
        await using (var select = database.CreateCommand(Select))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.AddRow([.. Enumerable.Range(0, reader.FieldCount).Select(i => TerminalText.Cell(reader.IsDBNull(i) ? "" : reader.GetDataTypeName(i) switch
                {
                    "date" => Date(reader.GetFieldValue<DateOnly>(i)),
                    "timestamp with time zone" => reader.GetFieldValue<DateTime>(i).ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture),
                    _ => reader.GetString(i),
                }))]);
            }
        }

        cli.Ansi.Write(rows);
        return ok && reached && rows.Rows.Count > 0;
    }

    private async Task SeedGoogleAsync(CancellationToken cancellationToken)
    {
        var (ana, ben, cleo) = (Team[0], Team[1], Team[2]);
        _googleEvents["lunch"] = await InsertAsync(ana, new
        {
            summary = "Lunch",
            start = Local(ana, _monday, 12, 30),
            end = Local(ana, _monday, 13, 15),
            recurrence = WeekdaysOfOneWeek,
        }, cancellationToken);
        _googleEvents["conference"] = await InsertAsync(ben, new
        {
            summary = "Conference (all day)",
            start = new { date = Date(_monday.AddDays(2)) },
            end = new { date = Date(_monday.AddDays(3)) },
        }, cancellationToken);
        _googleEvents["reading"] = await InsertAsync(ben, new
        {
            summary = "Reading time (shown as free)",
            transparency = "transparent",
            start = Local(ben, _monday.AddDays(1), 8, 0),
            end = Local(ben, _monday.AddDays(1), 9, 0),
        }, cancellationToken);
        _googleEvents["dentist"] = await InsertAsync(cleo, new
        {
            summary = "Dentist",
            start = Local(cleo, _monday.AddDays(3), 15, 0),
            end = Local(cleo, _monday.AddDays(3), 16, 0),
        }, cancellationToken);
        cli.Ansi.MarkupLine("Ana: a recurring lunch (Mon–Fri). Ben: an all-day conference and reading time marked free. Cleo: a dentist visit.");
    }

    private async Task<int> SeedAppointmentsAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var staff in Team)
        {
            for (var day = 0; day < 5; day++)
            {
                foreach (var (hour, customer) in new[] { (10, "Mrs Lindqvist"), (14, "Mr Haddad") })
                {
                    count++;
                    await PutAppointmentAsync(staff, $"{staff.Id}-{day}-{hour}", _monday.AddDays(day), hour, customer, cancellationToken);
                }
            }
        }

        await _data.SaveClosureAsync(new BusinessClosure("demo-team-day", _monday.AddDays(7), _monday.AddDays(8), "Team day"), syncNow: false, cancellationToken);
        return count;
    }

    private async Task ChangeBothSidesAsync(CancellationToken cancellationToken)
    {
        var (ana, ben, cleo) = (Team[0], Team[1], Team[2]);
        await PutAppointmentAsync(ana, $"{ana.Id}-2-14", _monday.AddDays(2), 16, "Mr Haddad", cancellationToken);
        cli.Ansi.MarkupLine($"Appointment system: Ana's Wednesday 14:00 appointment moves to 16:00.");
        await _data.DeleteAsync(cleo.Id, new ItemKey(ItemKind.Appointment, $"{cleo.Id}-1-10"), syncNow: false, cancellationToken);
        cli.Ansi.MarkupLine($"Appointment system: Cleo's Tuesday 10:00 appointment is cancelled.");

        await _google.WriteEventAsync(HttpMethod.Delete, ben.Email, _tokens[ben.Id], _googleEvents["conference"], null, cancellationToken);
        cli.Ansi.MarkupLine("Google: Ben deletes the all-day conference.");
        await _google.WriteEventAsync(HttpMethod.Patch, cleo.Email, _tokens[cleo.Id], _googleEvents["dentist"], new
        {
            start = Local(cleo, _monday.AddDays(4), 9, 0),
            end = Local(cleo, _monday.AddDays(4), 10, 0),
        }, cancellationToken);
        cli.Ansi.MarkupLine("Google: Cleo moves the dentist to Friday 09:00.");
    }

    private async Task<bool> SweepAsync(bool drainOnly, CancellationToken cancellationToken)
    {
        var drained = drainOnly
            ? await SweepCommand.DrainAsync(cli, cli.IsInteractive, cancellationToken)
            : await SweepCommand.SweepAsync(cli, staffId: null, cli.IsInteractive, cancellationToken) ?? [];
        cli.Ansi.Write(SweepCommand.SummaryTable(drained));
        return drained.All(m => m.Succeeded);
    }

    private async Task ShowBothSidesAsync(CancellationToken cancellationToken)
    {
        foreach (var staff in Team)
        {
            var calendar = new Table().Title($"Google calendar of {Markup.Escape(staff.Email)}").AddColumns("when", "event", "whose");
            foreach (var calendarEvent in (await _google.EventsAsync(staff.Email, cancellationToken))
                         .Where(e => e.GetProperty("status").GetString() != "cancelled")
                         .Select(e => (When: EventTime(e, staff), Event: e))
                         .OrderBy(e => e.When.Sort))
            {
                var ours = calendarEvent.Event.TryGetProperty("extendedProperties", out var properties)
                    && properties.TryGetProperty("private", out var mine) && mine.TryGetProperty("calendarsync.key", out _);
                var repeats = calendarEvent.Event.TryGetProperty("recurrence", out _) ? " (repeats Mon–Fri)" : "";
                var free = calendarEvent.Event.TryGetProperty("transparency", out var t) && t.GetString() == "transparent" ? " [free]" : "";
                calendar.AddRow(calendarEvent.When.Text, TerminalText.Cell(Summary(calendarEvent.Event) + repeats + free), ours ? "synced" : "[bold]theirs[/]");
            }

            var blocked = new Table().Title("Blocked time in the appointment data").AddColumns("when", "from Google event");
            foreach (var block in (await BlocksCommand.ListAsync(_data, staff.Id, cancellationToken))
                         .Where(b => b.Origin == BlockOrigin.Google)
                         .OrderBy(b => b.Period.Start))
            {
                blocked.AddRow(BlockTime(block.Period, staff), TerminalText.Cell(block.Summary ?? block.GoogleEventId));
            }

            if (blocked.Rows.Count == 0)
            {
                blocked.Caption("none");
            }

            cli.Ansi.Write(new Rule($"{Markup.Escape(staff.Name)} ({Markup.Escape(staff.TimeZoneId)})").LeftJustified());
            cli.Ansi.Write(new Columns(calendar, blocked) { Expand = false });
        }
    }

    private async Task PutAppointmentAsync(StaffMember staff, string id, DateOnly day, int hour, string customer, CancellationToken cancellationToken)
    {
        var start = Instant(staff, day, hour, 0);
        await _data.SaveAsync(new Appointment(id, staff.Id, Period.Timed(start, start.AddMinutes(45)), customer, $"Haircut: {customer}"), syncNow: false, cancellationToken);
    }

    private async Task<string> InsertAsync(StaffMember staff, object body, CancellationToken cancellationToken) =>
        await _google.WriteEventAsync(HttpMethod.Post, staff.Email, _tokens[staff.Id], null, body, cancellationToken)
        ?? throw new InvalidOperationException("The emulator answered no event id.");

    private void Step(string title)
    {
        cli.Ansi.WriteLine();
        cli.Ansi.Write(new Rule($"[bold]{Markup.Escape(title)}[/]").LeftJustified());
    }

    private static DateTimeOffset Instant(StaffMember staff, DateOnly day, int hour, int minute)
    {
        var local = day.ToDateTime(new TimeOnly(hour, minute));
        return new DateTimeOffset(local, staff.TimeZone.GetUtcOffset(local));
    }

    private static object Local(StaffMember staff, DateOnly day, int hour, int minute) => new
    {
        dateTime = day.ToDateTime(new TimeOnly(hour, minute)).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        timeZone = staff.TimeZoneId,
    };

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Summary(JsonElement calendarEvent) =>
        calendarEvent.TryGetProperty("summary", out var summary) ? summary.GetString() ?? "" : "(no title)";

    private static string BlockTime(Period period, StaffMember staff)
    {
        if (period.IsAllDay)
        {
            return period.StartDate.ToString("ddd d MMM', all day'", CultureInfo.InvariantCulture);
        }

        var (start, end) = period.ToInstants(staff.TimeZone);
        return TimeZoneInfo.ConvertTime(start, staff.TimeZone).ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture)
            + "–" + TimeZoneInfo.ConvertTime(end, staff.TimeZone).ToString("HH:mm", CultureInfo.InvariantCulture);
    }

    private static (string Sort, string Text) EventTime(JsonElement calendarEvent, StaffMember staff)
    {
        var start = calendarEvent.GetProperty("start");
        if (start.TryGetProperty("date", out var date))
        {
            var day = DateOnly.ParseExact(date.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            return (Date(day), day.ToString("ddd d MMM', all day'", CultureInfo.InvariantCulture));
        }

        var instant = DateTimeOffset.Parse(start.GetProperty("dateTime").GetString()!, CultureInfo.InvariantCulture);
        var local = TimeZoneInfo.ConvertTime(instant, staff.TimeZone);
        return (local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), local.ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture));
    }
}
