using System.CommandLine;
using CalendarSync.Cli.Commands;
using CalendarSync.Cli.Hosting;
using CalendarSync.Cli.StandIns;
using CalendarSync.Emulator;

namespace CalendarSync.Cli;

/// <summary>The <c>calsync</c> command tree.</summary>
internal static class CalsyncCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("calsync: operate and demonstrate CalendarSync");
        root.Options.Add(CliOptions.Settings);
        root.Subcommands.Add(DemoCommand());
        root.Subcommands.Add(SweepCommand.Create());
        root.Subcommands.Add(SyncCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(LogCommand.Create());
        root.Subcommands.Add(StaffCommand.Create());
        root.Subcommands.Add(ConnectCommand.Create());
        root.Subcommands.Add(DisconnectCommand.Create());
        root.Subcommands.Add(AppointmentsCommand.Create());
        root.Subcommands.Add(BlocksCommand.Create());
        return root;
    }

    private static Command DemoCommand()
    {
        var keepRunning = new Option<bool>("--keep-running")
        {
            Description = "Leave the local stand-ins running until Ctrl+C.",
        };
        var command = new Command("demo", "Start the local stand-ins (Azurite for Azure Storage, the Google emulator) and show what runs where.")
        {
            keepRunning,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            await using var azurite = await AzuriteProcess.StartAsync(RepositoryLocator.Find(), cancellationToken: cancellationToken);
            await output.WriteLineAsync("Azurite (Azure Storage stand-in) is running in memory:");
            await output.WriteLineAsync($"  blobs   http://127.0.0.1:{azurite.BlobPort}");
            await output.WriteLineAsync($"  queues  http://127.0.0.1:{azurite.QueuePort}");
            await output.WriteLineAsync($"  tables  http://127.0.0.1:{azurite.TablePort}");
            await using var emulator = await EmulatorHost.StartAsync(cancellationToken: cancellationToken);
            await output.WriteLineAsync("The Google Calendar + OAuth emulator is running in memory (docs/emulator.md):");
            await output.WriteLineAsync($"  google  {emulator.BaseUri}  (Calendar v3, /token, /o/oauth2/v2/auth; admin under /emulator)");
            await output.WriteLineAsync("The two-way sync demo is not part of this build yet.");

            if (parse.GetValue(keepRunning))
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

            await output.WriteLineAsync("Stopping Azurite and the emulator.");
            return 0;
        });
        return command;
    }
}
