using System.CommandLine;
using System.Globalization;
using CalendarSync.Cli.Hosting;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Data;
using CalendarSync.Functions.Http;
using Spectre.Console;

namespace CalendarSync.Cli.Commands;

/// <summary><c>calsync conflicts [staffId]</c>: the conflict report, as <c>GET /api/staff/{staffId}/conflicts</c> answers it; every connection's without a staff id.</summary>
internal static class ConflictsCommand
{
    private const int PageSize = 500;

    public static Command Create()
    {
        var staffId = new Argument<string?>("staffId") { Description = "One staff member (default: every connected one).", Arity = ArgumentArity.ZeroOrOne };
        var json = CliOptions.Json();
        var command = new Command("conflicts", "Booked appointments and Google events over the same time.") { staffId, json };
        command.SetAction((parse, cancellationToken) => CliInvocation.RunAsync(parse, async (cli, token) =>
        {
            var report = cli.Get<ConflictReport>();
            var conflicts = new List<BookingConflict>();
            foreach (var staff in parse.GetValue(staffId) is { } one ? [one] : await StaffIdsAsync(cli.Get<IConnectionStore>(), token))
            {
                conflicts.AddRange(await report.ListAsync(staff, token));
            }

            if (parse.GetValue(json))
            {
                await CliJson.WriteAsync(cli.Output, conflicts.Select(c => new { staffId = c.StaffId, conflict = ConflictsFunction.Show(c) }).ToList());
                return CliInvocation.Succeeded;
            }

            var table = new Table().Title("Conflicts").AddColumns("staff", "appointment", "Google event", "overlap", "came last");
            foreach (var c in conflicts)
            {
                table.AddRow(
                    Markup.Escape(c.StaffId), Markup.Escape(c.AppointmentId), Markup.Escape(c.GoogleEventId),
                    string.Create(CultureInfo.InvariantCulture, $"{c.Start:yyyy-MM-dd HH:mm}Z-{c.End:HH:mm}Z"),
                    c.EventCameLast ? "Google event" : "appointment");
            }

            if (conflicts.Count == 0)
            {
                table.Caption("No conflicts.");
            }

            cli.Ansi.Write(table);
            return CliInvocation.Succeeded;
        }, cancellationToken));
        return command;
    }

    private static async Task<List<string>> StaffIdsAsync(IConnectionStore connections, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        string? continuation = null;
        do
        {
            var page = await connections.ListAllAsync(continuation, PageSize, cancellationToken);
            ids.AddRange(page.Items.Where(c => c.IsEnabled).Select(c => c.StaffId));
            continuation = page.Continuation;
        }
        while (continuation is not null);

        return ids;
    }
}
