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
        root.Subcommands.Add(ExplainCommand.Create());
        root.Subcommands.Add(StaffCommand.Create());
        root.Subcommands.Add(ConnectCommand.Create());
        root.Subcommands.Add(DisconnectCommand.Create());
        root.Subcommands.Add(MoveCommand.Create());
        root.Subcommands.Add(AppointmentsCommand.Create());
        root.Subcommands.Add(BlocksCommand.Create());
        root.Subcommands.Add(ConflictsCommand.Create());
        root.Subcommands.Add(CalendarsCommand.Create());
        root.Subcommands.Add(ConnectionControlCommands.Pause());
        root.Subcommands.Add(ConnectionControlCommands.Resume());
        root.Subcommands.Add(ConnectionControlCommands.Direction());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(DbCommand.Create());
        return root;
    }

    private static async Task DemoLinksAsync(TextWriter output, Serve.ServeHost host)
    {
        var api = new Uri(host.Address, "api/");
        var day = DateTime.UtcNow.Date.AddDays(1);
        await output.WriteLineAsync();
        await output.WriteLineAsync($"Operator page:  {api}operator?code={host.Key.Value}");
        await output.WriteLineAsync($"Ana's page:     {api}operator/staff/{DemoBusiness.Team[0].Id}");
        await output.WriteLineAsync("A booking through the data API, synced at once:");
        await output.WriteLineAsync(
            $"  curl -X PUT \"{api}staff/{DemoBusiness.Team[0].Id}/appointments/curl-1?sync=now\" -H \"x-functions-key: {host.Key.Value}\" " +
            $"-H \"content-type: application/json\" -d '{{\"start\":\"{day:yyyy-MM-dd}T15:00:00Z\",\"end\":\"{day:yyyy-MM-dd}T16:00:00Z\",\"customerName\":\"Curl Customer\"}}'");
        await output.WriteLineAsync("A connect link for a staff member's Google account (its page is the one staff members see):");
        await output.WriteLineAsync(
            $"  curl -X POST \"{api}calendar/connect-links\" -H \"x-functions-key: {host.Key.Value}\" -H \"content-type: application/json\" " +
            $"-d '{{\"staffId\":\"{DemoBusiness.Team[0].Id}\",\"email\":\"{DemoBusiness.Team[0].Email}\"}}'");
    }

    private static Command DemoCommand()
    {
        var keepRunning = new Option<bool>("--keep-running")
        {
            Description = "Then serve the function app on the demo's stand-ins (as calsync serve, on --urls) until Ctrl+C, and print the links to its pages.",
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
            ServeCommand.Urls,
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

                if (parse.GetValue(keepRunning) && exitCode == CliInvocation.Succeeded)
                {
                    // The function app itself, on the demo's stand-ins, until Ctrl+C: its pages and its data API.
                    exitCode = await ServeCommand.RunAsync(
                        parse, parse.GetValue(ServeCommand.Urls)!, settings, host => DemoLinksAsync(output, host), cancellationToken);
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
