using System.CommandLine;
using CalendarSync.Core.Domain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace CalendarSync.Cli.Hosting;

/// <summary>
/// One command's run: its output (tables through Spectre.Console, or JSON), its services on a started host, and the
/// exit codes: 0 done, 1 refused or failed (the message says why), 2 settings that stop calsync from starting.
/// </summary>
internal sealed class CliInvocation
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int BadSettings = 2;

    private CliInvocation(ParseResult parse, IServiceProvider services)
    {
        Output = parse.InvocationConfiguration.Output;
        Error = parse.InvocationConfiguration.Error;
        Services = services;
        var onTerminal = ReferenceEquals(Output, System.Console.Out) && !System.Console.IsOutputRedirected;
        Ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Output),
            Ansi = onTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = onTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = onTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        IsInteractive = onTerminal;
        if (!onTerminal)
        {
            // Captured or redirected output has no width to fit; 80 columns would wrap every table.
            Ansi.Profile.Width = 200;
        }
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    /// <summary>Tables, and progress bars when <see cref="IsInteractive"/>.</summary>
    public IAnsiConsole Ansi { get; }

    /// <summary>Output goes to a terminal (not redirected, not captured): progress bars are worth drawing.</summary>
    public bool IsInteractive { get; }

    public IServiceProvider Services { get; }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Starts the host from the settings, runs <paramref name="action"/>, and turns the failures people cause into messages and exit codes.</summary>
    public static Task<int> RunAsync(
        ParseResult parse, Func<CliInvocation, CancellationToken, Task<int>> action, CancellationToken cancellationToken) =>
        RunAsync(parse, overrides: null, action, cancellationToken);

    /// <summary>As <see cref="RunAsync(ParseResult, Func{CliInvocation, CancellationToken, Task{int}}, CancellationToken)"/>, with settings that override all others.</summary>
    public static async Task<int> RunAsync(
        ParseResult parse,
        IReadOnlyDictionary<string, string?>? overrides,
        Func<CliInvocation, CancellationToken, Task<int>> action,
        CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        try
        {
            var configuration = CliHost.ReadConfiguration(parse.GetValue(CliOptions.Settings), overrides);
            using var host = await CliHost.StartAsync(configuration, (parse.RootCommandResult.Command as CalsyncRootCommand)?.Services, cancellationToken);
            try
            {
                return await action(new CliInvocation(parse, host.Services), cancellationToken);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        }
        catch (SettingsException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return BadSettings;
        }
        catch (DomainValidationException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return Failed;
        }
        catch (PostgreSql.Schema.SchemaVersionException ex)
        {
            // The database's schema is missing, older or newer than this build's: the message says what to run.
            await error.WriteLineAsync(ex.Message);
            return BadSettings;
        }
    }
}
