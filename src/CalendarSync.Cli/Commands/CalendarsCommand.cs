using System.CommandLine;
using CalendarSync.Cli.Hosting;
using CalendarSync.Core.Calendar;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Functions.Http;
using Spectre.Console;

namespace CalendarSync.Cli.Commands;

/// <summary>
/// <c>calsync calendars list|set</c>: <see cref="CalendarChoice"/>, as <c>GET</c> and <c>PUT /api/calendar/connections/{staffId}/calendars</c>.
/// </summary>
internal static class CalendarsCommand
{
    public static Command Create() => new("calendars", "A staff member's calendars: which make them busy, and which receives appointments.") { List(), Set() };

    private static Command List()
    {
        var staffId = new Argument<string>("staffId") { Description = "The staff member." };
        var json = CliOptions.Json();
        var command = new Command("list", "The staff member's calendar list as Google has it now, how each calendar is read, and the write calendar.") { staffId, json };
        command.SetAction((parse, cancellationToken) => CliInvocation.RunAsync(parse, (cli, token) =>
            AskGoogleAsync(cli, parse.GetValue(staffId)!, parse.GetValue(json), () => cli.Get<CalendarChoice>().ListAsync(parse.GetValue(staffId)!, token)),
            cancellationToken));
        return command;
    }

    private static Command Set()
    {
        var staffId = new Argument<string>("staffId") { Description = "The staff member." };
        var read = Ids("--read", "The calendars besides the primary to read in full, comma-separated ids from 'calendars list' (\"\" for none). Every event of theirs blocks the staff member.");
        var busy = Ids("--busy", "The calendars to read as busy times only, comma-separated ids from 'calendars list' (\"\" for none). Their busy time blocks the staff member; no title or detail is read.");
        var write = new Option<string?>("--write") { Description = "The calendar that receives appointments: an id from 'calendars list' the staff member can write to, or 'primary'." };
        var create = new Option<string?>("--create-write-calendar")
        {
            Description = $"Create a calendar for appointments and make it the write calendar (title: \"{CalendarChoice.DefaultTitle}\" unless given). Asks the staff member to connect again if their grant cannot create calendars.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var json = CliOptions.Json();
        var command = new Command("set", "Choose the calendars besides the primary that make the staff member busy, and the one that receives appointments; what is not given stays.")
        {
            staffId, read, busy, write, create, json,
        };
        command.SetAction((parse, cancellationToken) => CliInvocation.RunAsync(parse, async (cli, token) =>
        {
            var id = parse.GetValue(staffId)!;
            var selection = new CalendarSelection
            {
                Read = Split(parse, read),
                BusyOnly = Split(parse, busy),
                Write = parse.GetValue(write),
                CreateWriteCalendar = parse.GetResult(create) is null ? null : parse.GetValue(create) ?? CalendarChoice.DefaultTitle,
            };
            if (selection == new CalendarSelection())
            {
                throw new DomainValidationException("Give at least one of --read, --busy, --write and --create-write-calendar.");
            }

            try
            {
                return await AskGoogleAsync(cli, id, parse.GetValue(json), () => cli.Get<CalendarChoice>().SetAsync(id, selection, token));
            }
            catch (ReconnectForCalendarException ex)
            {
                await cli.Error.WriteLineAsync($"{ex.Message} A connect link: calsync connect {id}.");
                return CliInvocation.Failed;
            }
        }, cancellationToken));
        return command;
    }

    private static Option<string?> Ids(string name, string description) => new(name) { Description = description };

    private static string[]? Split(ParseResult parse, Option<string?> option) =>
        parse.GetResult(option) is null ? null : (parse.GetValue(option) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Runs <paramref name="work"/>, which asks Google for the calendar list; Google's refusal is a message, not a stack.</summary>
    private static async Task<int> AskGoogleAsync(CliInvocation cli, string staffId, bool json, Func<Task<ChosenCalendars?>> work)
    {
        ChosenCalendars? calendars;
        try
        {
            calendars = await work();
        }
        catch (CalendarGrantRevokedException)
        {
            await cli.Error.WriteLineAsync($"Google refused the grant of staff member {staffId}: they connect their calendar again first. Nothing was changed.");
            return CliInvocation.Failed;
        }
        catch (CalendarException ex)
        {
            await cli.Error.WriteLineAsync($"Google could not be asked for the calendar list of staff member {staffId}: {ex.Message} Nothing was changed.");
            return CliInvocation.Failed;
        }

        return await WriteAsync(cli, staffId, json, calendars);
    }

    private static async Task<int> WriteAsync(CliInvocation cli, string staffId, bool json, ChosenCalendars? calendars)
    {
        if (calendars is null)
        {
            await cli.Error.WriteLineAsync($"Staff member {staffId} has no connection.");
            return CliInvocation.Failed;
        }

        if (json)
        {
            await CliJson.WriteAsync(cli.Output, ConnectionsFunction.Show(staffId, calendars));
            return CliInvocation.Succeeded;
        }

        var table = new Table().Title($"Calendars of {Markup.Escape(staffId)}").AddColumns("id", "name", "access", "read", "appointments");
        foreach (var c in calendars.Calendars)
        {
            table.AddRow(
                Markup.Escape(c.Calendar.Id), Markup.Escape(c.Calendar.Summary), c.Calendar.AccessRole.ToString(),
                c.Reading switch
                {
                    CalendarReading.Full => c.Calendar.IsPrimary ? "in full (primary)" : "in full",
                    CalendarReading.BusyOnly => "busy times only",
                    _ => "no",
                },
                c.IsWrite ? "written here" : "");
        }

        cli.Ansi.Write(table);
        if (calendars.CreateWriteCalendar is { } title)
        {
            cli.Ansi.MarkupLine($"Awaiting a reconnect: the calendar [bold]{Markup.Escape(title)}[/] is created and receives appointments once {Markup.Escape(staffId)} connects again (calsync connect {Markup.Escape(staffId)}).");
        }

        return CliInvocation.Succeeded;
    }
}
