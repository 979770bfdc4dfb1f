using System.CommandLine;
using CalendarSync.Cli.Hosting;
using CalendarSync.Cli.Sweep;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;
using Spectre.Console;

namespace CalendarSync.Cli.Commands;

/// <summary><c>calsync sweep</c>: one cycle as the timer and the queue function run it, in-process.</summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var staff = new Option<string?>("--staff") { Description = "Queue only this staff member instead of every enabled connection." };
        var json = CliOptions.Json();
        var command = new Command(
            "sweep",
            "Queue every enabled connection as the timer does (and renew push channels), then drain the sync queue in-process " +
            "with the queue function's handler: 16 at a time, failures retried by the queue and poisoned after 5 tries.")
        {
            staff, json,
        };
        command.SetAction((parse, cancellationToken) => CliInvocation.RunAsync(parse, async (cli, token) =>
        {
            var asJson = parse.GetValue(json);
            var drained = await SweepAsync(cli, parse.GetValue(staff), showProgress: cli.IsInteractive && !asJson, token);
            if (drained is null)
            {
                return CliInvocation.Failed;
            }

            if (asJson)
            {
                await CliJson.WriteAsync(cli.Output, drained.SelectMany(RunRow.From));
            }
            else
            {
                cli.Ansi.Write(SummaryTable(drained));
            }

            return drained.All(m => m.Succeeded)
                ? CliInvocation.Succeeded
                : CliInvocation.Failed;
        }, cancellationToken));
        return command;
    }

    /// <summary>Queues as the timer does (one staff member, or all and renews push channels), then drains; null when the staff member has no enabled connection.</summary>
    public static async Task<IReadOnlyList<DrainedMessage>?> SweepAsync(
        CliInvocation cli, string? staffId, bool showProgress, CancellationToken cancellationToken)
    {
        if (staffId is not null)
        {
            if (!await cli.Get<SyncScheduler>().QueueAsync(Core.Domain.ItemId.Validate(staffId, "staff"), SyncReason.Schedule, cancellationToken))
            {
                await cli.Error.WriteLineAsync($"Staff member {staffId} has no enabled connection; nothing to sweep.");
                return null;
            }
        }
        else
        {
            var sweep = await cli.Get<SyncSweep>().RunAsync(cancellationToken);
            foreach (var (failedStaff, error) in sweep.Channels.Failures)
            {
                await cli.Error.WriteLineAsync($"The push channel of {failedStaff} could not be opened ({error.Message}); the next sweep tries again.");
            }
        }

        return await DrainAsync(cli, showProgress, cancellationToken);
    }

    /// <summary>Drains the queue, with a progress bar on a terminal.</summary>
    public static async Task<IReadOnlyList<DrainedMessage>> DrainAsync(CliInvocation cli, bool showProgress, CancellationToken cancellationToken)
    {
        var drain = cli.Get<QueueDrain>();
        if (!showProgress)
        {
            return await drain.DrainAsync(handled: null, cancellationToken);
        }

        var visible = await drain.CountAsync(cancellationToken);
        return await cli.Ansi.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Running queued messages", maxValue: Math.Max(visible, 1));
                var result = await drain.DrainAsync(
                    message =>
                    {
                        // More may arrive while draining (a run cut by its budget queues its continuation).
                        task.MaxValue = Math.Max(task.MaxValue, task.Value + 1);
                        task.Increment(1);
                    },
                    cancellationToken);
                task.Value = task.MaxValue;
                return result;
            });
    }

    public static Table SummaryTable(IEnumerable<DrainedMessage> drained)
    {
        var table = RunRow.Table("Sweep", drained.SelectMany(RunRow.From));
        if (table.Rows.Count == 0)
        {
            table.Caption("The queue was empty: no enabled connection, or every message is still invisible.");
        }

        return table;
    }
}
