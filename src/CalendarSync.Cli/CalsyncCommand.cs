using System.CommandLine;
using CalendarSync.Cli.Commands;
using CalendarSync.Cli.Demo;
using CalendarSync.Cli.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CalendarSync.Cli;

/// <summary>The <c>calsync</c> command tree.</summary>
internal static class CalsyncCommand
{
    /// <param name="services">Registrations over calsync's own, made last so they win; none outside tests.</param>
    public static RootCommand Create(Action<IServiceCollection>? services = null)
    {
        var root = new CalsyncRootCommand(services);
        root.Options.Add(CliOptions.Settings);
        root.Subcommands.Add(DemoCommand());
        root.Subcommands.Add(SweepCommand.Create());
        root.Subcommands.Add(SyncCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(LogCommand.Create());
        root.Subcommands.Add(StaffCommand.Create());
        root.Subcommands.Add(ConnectCommand.Create());
        root.Subcommands.Add(DisconnectCommand.Create());
        root.Subcommands.Add(MoveCommand.Create());
        root.Subcommands.Add(AppointmentsCommand.Create());
        root.Subcommands.Add(BlocksCommand.Create());
        root.Subcommands.Add(DbCommand.Create());
        return root;
    }

    private static Command DemoCommand()
    {
        var keepRunning = new Option<bool>("--keep-running")
        {
            Description = "Leave the local stand-ins running until Ctrl+C.",
        };
        var store = new Option<string>("--store")
        {
            Description = "Where the appointment data lives: 'tables' (Table Storage, the default) or 'postgres' (a PostgreSQL server the demo starts).",
            DefaultValueFactory = _ => "tables",
        };
        store.AcceptOnlyFromAmong("tables", "postgres");
        var command = new Command(
            "demo",
            "Start Azurite and the Google emulator unless they run, seed a small business on both sides, connect everyone, " +
            "sync, show both sides, change each side and sync again.")
        {
            keepRunning,
            store,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            LocalStandIns standIns;
            try
            {
                standIns = await LocalStandIns.StartAsync(
                    CliHost.ReadConfiguration(parse.GetValue(CliOptions.Settings)), cancellationToken, postgres: parse.GetValue(store) == "postgres");
            }
            catch (SettingsException ex)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(ex.Message);
                return CliInvocation.BadSettings;
            }

            await using (standIns)
            {
                foreach (var line in standIns.Description)
                {
                    await output.WriteLineAsync(line);
                }

                var settings = new Dictionary<string, string?>(standIns.Overrides, StringComparer.OrdinalIgnoreCase);
                foreach (var (key, value) in DemoBusiness.Settings)
                {
                    settings[key] = value;
                }

                var exitCode = await CliInvocation.RunAsync(parse, settings, async (cli, token) =>
                    await new DemoBusiness(cli).RunAsync(token) ? CliInvocation.Succeeded : CliInvocation.Failed, cancellationToken);

                if (parse.GetValue(keepRunning) && standIns.StartedAny)
                {
                    await output.WriteLineAsync("Press Ctrl+C to stop.");
                    try
                    {
                        await Task.Delay(Timeout.Infinite, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }

                if (standIns.StartedAny)
                {
                    await output.WriteLineAsync("Stopping the stand-ins this demo started.");
                }

                return exitCode;
            }
        });
        return command;
    }
}
