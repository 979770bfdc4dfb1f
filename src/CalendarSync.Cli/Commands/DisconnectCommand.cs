using System.CommandLine;
using CalendarSync.Cli.Hosting;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;

namespace CalendarSync.Cli.Commands;

/// <summary><c>calsync disconnect</c>: <see cref="DisconnectService"/>, as <c>DELETE /api/calendar/connections/{staffId}</c>.</summary>
internal static class DisconnectCommand
{
    public static Command Create()
    {
        var staffId = new Argument<string>("staffId") { Description = "The staff member to disconnect." };
        var removeEvents = new Option<bool>("--remove-events") { Description = "Delete the events the sync wrote into their calendar first." };
        var command = new Command("disconnect", "Stop the push channel, optionally remove our events, revoke the grant and disable the connection.")
        {
            staffId, removeEvents,
        };
        command.SetAction((parse, cancellationToken) => CliInvocation.RunAsync(parse, async (cli, token) =>
        {
            var id = ItemId.Validate(parse.GetValue(staffId), "staff");
            var removed = parse.GetValue(removeEvents);
            switch (await cli.Get<DisconnectService>().DisconnectAsync(id, removed, token))
            {
                case DisconnectOutcome.NotFound:
                    await cli.Error.WriteLineAsync($"Staff member {id} has no connection.");
                    return CliInvocation.Failed;
                case DisconnectOutcome.SyncRunning:
                    await cli.Error.WriteLineAsync($"A sync of {id} is under way; nothing was changed. Try again in a minute.");
                    return CliInvocation.Failed;
            }

            await cli.Output.WriteLineAsync(
                $"Disconnected {id}: grant revoked, connection disabled" + (removed ? ", our events removed from their calendar." : "."));
            return CliInvocation.Succeeded;
        }, cancellationToken));
        return command;
    }
}
