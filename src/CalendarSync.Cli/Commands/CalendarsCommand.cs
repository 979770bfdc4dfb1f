using System.CommandLine;
using CalendarSync.Cli.Hosting;
using CalendarSync.Core.Calendar;
using CalendarSync.Core.Connections;
using CalendarSync.Functions.Http;
using Spectre.Console;

namespace CalendarSync.Cli.Commands;

/// <summary>
/// <c>calsync calendars list|set</c>: <see cref="CalendarChoice"/>, as <c>GET</c> and <c>PUT /api/calendar/connections/{staffId}/calendars</c>.
/// </summary>
internal static class CalendarsCommand
{
    public static Command Create() => new("calendars", "A staff member's calendars: which make them busy.") { List(), Set() };

    private static Command List()
    {
        var staffId = new Argument<string>("staffId") { Description = "The staff member." };
        var json = CliOptions.Json();
        var command = new Command("list", "The staff member's calendar list as Google has it now, and how each calendar is read.") { staffId, json };
        command.SetAction((parse, cancellationToken) => CliInvocation.RunAsync(parse, (cli, token) =>
            AskGoogleAsync(cli, parse.GetValue(staffId)!, parse.GetValue(json), () => cli.Get<CalendarChoice>().ListAsync(parse.GetValue(staffId)!, token)),
            cancellationToken));
        return command;
    }

    private static Command Set()
    {
        var staffId = new Argument<string>("staffId") { Description = "The staff member." };
        var busy = new Option<string>("--busy")
        {
            Description = "The calendars to read as busy times only, comma-separated ids from 'calendars list' (\"\" for none). Their busy time blocks the staff member; no title or detail is read.",
            Required = true,
        };
        var json = CliOptions.Json();
        var command = new Command("set", "Choose the calendars besides the primary that make the staff member busy.") { staffId, busy, json };
        command.SetAction((parse, cancellationToken) => CliInvocation.RunAsync(parse, async (cli, token) =>
        {
            var ids = parse.GetValue(busy)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var id = parse.GetValue(staffId)!;
            return await AskGoogleAsync(cli, id, parse.GetValue(json), () => cli.Get<CalendarChoice>().SetBusyOnlyAsync(id, ids, token));
        }, cancellationToken));
        return command;
    }

    /// <summary>Runs <paramref name="work"/>, which asks Google for the calendar list; Google's refusal is a message, not a stack.</summary>
    private static async Task<int> AskGoogleAsync(CliInvocation cli, string staffId, bool json, Func<Task<IReadOnlyList<ChosenCalendar>?>> work)
    {
        IReadOnlyList<ChosenCalendar>? calendars;
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

    private static async Task<int> WriteAsync(CliInvocation cli, string staffId, bool json, IReadOnlyList<ChosenCalendar>? calendars)
    {
        if (calendars is null)
        {
            await cli.Error.WriteLineAsync($"Staff member {staffId} has no connection.");
            return CliInvocation.Failed;
        }

        if (json)
        {
            await CliJson.WriteAsync(cli.Output, new { staffId, calendars = calendars.Select(ConnectionsFunction.Show).ToList() });
            return CliInvocation.Succeeded;
        }

        var table = new Table().Title($"Calendars of {Markup.Escape(staffId)}").AddColumns("id", "name", "access", "read");
        foreach (var c in calendars)
        {
            table.AddRow(
                Markup.Escape(c.Calendar.Id), Markup.Escape(c.Calendar.Summary), c.Calendar.AccessRole.ToString(),
                c.Reading switch { CalendarReading.Full => "in full (primary)", CalendarReading.BusyOnly => "busy times only", _ => "no" });
        }

        cli.Ansi.Write(table);
        return CliInvocation.Succeeded;
    }
}
