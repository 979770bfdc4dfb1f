using System.CommandLine;
using CalendarSync.Cli.Hosting;
using CalendarSync.Cli.Serve;

namespace CalendarSync.Cli.Commands;

/// <summary><c>calsync serve</c>: the function app on Kestrel, where Azure Functions Core Tools are not installed.</summary>
internal static class ServeCommand
{
    public static readonly Option<string[]> Urls = new("--urls")
    {
        Description = $"Where to listen, ';'-separated (default {ServeHost.DefaultUrl}).",
        CustomParser = result => [.. result.Tokens.SelectMany(t => t.Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
        DefaultValueFactory = _ => [ServeHost.DefaultUrl],
    };

    public static Command Create()
    {
        var command = new Command(
            "serve",
            "Host the function app on Kestrel with the same settings: every HTTP function at its route and auth level (the key from " +
            "Serve__FunctionKey, or one printed at start), the timers on their schedules, the queue function on calendar-sync.")
        {
            Urls,
        };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(parse, parse.GetValue(Urls)!, overrides: null, started: null, cancellationToken));
        return command;
    }

    /// <summary>
    /// Serves until <paramref name="cancellationToken"/> is cancelled (Ctrl+C); <paramref name="started"/> runs once it
    /// listens (the demo's links). Exit code 2 for settings that stop it.
    /// </summary>
    public static async Task<int> RunAsync(
        ParseResult parse,
        IReadOnlyList<string> urls,
        IReadOnlyDictionary<string, string?>? overrides,
        Func<ServeHost, Task>? started,
        CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        try
        {
            var configuration = CliHost.ReadConfiguration(parse.GetValue(CliOptions.Settings), overrides);
            var first = new Uri(urls.Count > 0 ? urls[0] : ServeHost.DefaultUrl);
            var own = ServeHost.Overrides(configuration, first);
            if (own.Count > 0)
            {
                var merged = new Dictionary<string, string?>(overrides ?? new Dictionary<string, string?>(), StringComparer.OrdinalIgnoreCase);
                foreach (var (key, value) in own)
                {
                    merged[key] = value;
                }

                configuration = CliHost.ReadConfiguration(parse.GetValue(CliOptions.Settings), merged);
            }

            await using var host = await ServeHost.StartAsync(
                configuration, urls, (parse.RootCommandResult.Command as CalsyncRootCommand)?.Services, cancellationToken);
            foreach (var line in host.Describe(configuration))
            {
                await output.WriteLineAsync(line);
            }

            if (started is not null)
            {
                await started(host);
            }

            await output.FlushAsync(cancellationToken);

            // Until Ctrl+C or SIGTERM: the host's lifetime takes the signal, and stops before calsync's token hears of it.
            using var serving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, host.Stopping);
            try
            {
                await Task.Delay(Timeout.Infinite, serving.Token);
            }
            catch (OperationCanceledException)
            {
            }

            return CliInvocation.Succeeded;
        }
        catch (SettingsException ex)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync(ex.Message);
            return CliInvocation.BadSettings;
        }
    }
}
