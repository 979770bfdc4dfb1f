using System.CommandLine;
using System.Diagnostics;
using CalendarSync.Cli.Hosting;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;

namespace CalendarSync.Cli.Commands;

/// <summary><c>calsync sync</c>: one staff member now, through the queue function's handler but without the queue.</summary>
internal static class SyncCommand
{
    public static Command Create()
    {
        var staffId = new Argument<string>("staffId") { Description = "The staff member to sync." };
        var full = new Option<bool>("--full")
        {
            Description = "Drop the sync positions first: list the whole window and push every item again, rebuilding the status without duplicating anything.",
        };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "List what a sync now would write on each side (events in Google, blocks in the appointment data, item statuses), and write nothing anywhere.",
        };
        var json = CliOptions.Json();
        var command = new Command("sync", "Sync one staff member both ways now, in-process, as the queue function would.") { staffId, full, dryRun, json };
        command.SetAction((parse, cancellationToken) => CliInvocation.RunAsync(parse, async (cli, token) =>
        {
            var id = ItemId.Validate(parse.GetValue(staffId), "staff");
            if (parse.GetValue(dryRun) && parse.GetValue(full))
            {
                await cli.Error.WriteLineAsync("--dry-run plans a sync from the stored positions; it cannot be combined with --full.");
                return CliInvocation.Failed;
            }

            if (await cli.Get<IConnectionStore>().GetAsync(id, token) is not { IsEnabled: true } record)
            {
                await cli.Error.WriteLineAsync($"Staff member {id} has no enabled connection: connect them first (calsync connect {id}).");
                return CliInvocation.Failed;
            }

            if (parse.GetValue(dryRun))
            {
                return await DryRunAsync(cli, id, parse.GetValue(json), token);
            }

            if (parse.GetValue(full) && !await cli.Get<SyncStateReset>().RequireFullResyncAsync(id, token))
            {
                await cli.Error.WriteLineAsync($"A sync of {id} is running; run this again when it has finished.");
                return CliInvocation.Failed;
            }

            var request = new SyncRequest(record.StaffId, SyncReason.Manual, cli.Get<TimeProvider>().GetUtcNow());
            var started = Stopwatch.GetTimestamp();
            RunReport report;
            string? error = null;
            try
            {
                report = RunReport.From((await cli.Get<ISyncRequestProcessor>().ProcessAsync(request.ToJson(), token)).Single());
            }
            catch (SyncException ex)
            {
                report = RunReport.From(ex);
                error = $"failed in {ex.Stage} ({ex.Result.Error}): {ex.Result.Message}";
            }

            var row = RunRow.From(id, report.Outcome, report, Stopwatch.GetElapsedTime(started), error);
            if (parse.GetValue(json))
            {
                await CliJson.WriteAsync(cli.Output, row);
            }
            else
            {
                cli.Ansi.Write(RunRow.Table("Sync", [row]));
            }

            return row.Outcome == nameof(SyncOutcome.Succeeded) ? CliInvocation.Succeeded : CliInvocation.Failed;
        }, cancellationToken));
        return command;
    }

    private static async Task<int> DryRunAsync(CliInvocation cli, string staffId, bool json, CancellationToken cancellationToken)
    {
        SyncPlan? plan;
        try
        {
            plan = await cli.Get<SyncPlanner>().PlanAsync(staffId, cancellationToken);
        }
        catch (SyncException ex)
        {
            await cli.Error.WriteLineAsync($"The dry run failed in {ex.Stage}: {ex.Result.Message}");
            return CliInvocation.Failed;
        }

        if (plan is null)
        {
            await cli.Error.WriteLineAsync($"Staff member {staffId} has no enabled connection: connect them first (calsync connect {staffId}).");
            return CliInvocation.Failed;
        }

        var view = PlanView.From(plan);
        if (json)
        {
            await CliJson.WriteAsync(cli.Output, view);
        }
        else
        {
            cli.Ansi.Write(view.Table());
        }

        return CliInvocation.Succeeded;
    }
}
