using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;

namespace CalendarSync.Cli;

/// <summary>
/// calsync's root command, carrying registrations made over calsync's own in every command's host: tests give each
/// invocation a sync queue of its own (<see cref="Azure.Sync.SyncQueueNames"/>), which is no setting.
/// </summary>
internal sealed class CalsyncRootCommand(Action<IServiceCollection>? services)
    : RootCommand("calsync: operate and demonstrate CalendarSync")
{
    public Action<IServiceCollection>? Services { get; } = services;
}
