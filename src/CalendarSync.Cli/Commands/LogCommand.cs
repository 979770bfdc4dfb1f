using System.CommandLine;
using System.Globalization;
using CalendarSync.Cli.Hosting;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using Spectre.Console;

namespace CalendarSync.Cli.Commands;

/// <summary><c>calsync log</c>: a staff member's runs from the <c>SyncLog</c> table, newest first.</summary>
internal static class LogCommand
{
    public static Command Create()
    {
        var staffId = new Argument<string>("staffId") { Description = "The staff member whose runs to show." };
        var limit = new Option<int>("--limit") { Description = "How many runs to show, newest first (1 to 1000).", DefaultValueFactory = _ => 20 };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 1000)
            {
                result.AddError("--limit must be 1 to 1000.");
            }
        });
        var json = CliOptions.Json();
        var command = new Command("log", "A staff member's sync runs: when, outcome, what each wrote, and what went wrong.") { staffId, limit, json };
        command.SetAction((parse, cancellationToken) => CliInvocation.RunAsync(parse, async (cli, token) =>
        {
            var id = ItemId.Validate(parse.GetValue(staffId), "staff");
            var wanted = parse.GetValue(limit);
            var log = cli.Get<ISyncLog>();
            var entries = new List<SyncLogEntry>();
            string? continuation = null;
            do
            {
                var page = await log.ListAsync(id, continuation, wanted - entries.Count, token);
                entries.AddRange(page.Items);
                continuation = page.Continuation;
            }
            while (continuation is not null && entries.Count < wanted);

            if (parse.GetValue(json))
            {
                await CliJson.WriteAsync(cli.Output, entries);
                return CliInvocation.Succeeded;
            }

            var table = new Table().Title($"Sync log of {Markup.Escape(id)}")
                .AddColumns("started", "outcome", "full", "created", "updated", "deleted", "imported", "removed", "conflicts", "duration", "error");
            foreach (var entry in entries)
            {
                table.AddRow(
                    entry.StartedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture), entry.Outcome.ToString(),
                    entry.FullResync ? "yes" : "", Count(entry.Created), Count(entry.Updated), Count(entry.Deleted), Count(entry.Imported),
                    Count(entry.BlocksRemoved), Count(entry.Conflicts), $"{Count((long)entry.Duration.TotalMilliseconds)} ms",
                    Markup.Escape(entry.Error is null ? entry.Message ?? "" : $"{entry.Error}: {entry.Message}"));
            }

            if (entries.Count == 0)
            {
                table.Caption($"No runs of {Markup.Escape(id)} in the log.");
            }

            cli.Ansi.Write(table);
            return CliInvocation.Succeeded;
        }, cancellationToken));
        return command;
    }

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
