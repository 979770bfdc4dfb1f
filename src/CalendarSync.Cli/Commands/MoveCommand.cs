using System.CommandLine;
using CalendarSync.Cli.Hosting;
using CalendarSync.Cli.Staff;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;

namespace CalendarSync.Cli.Commands;

/// <summary>
/// <c>calsync move</c>: <see cref="DisconnectService.MoveAsync"/>, as <c>POST /api/calendar/connections/{staffId}/move</c>;
/// the old account is disconnected and the staff member's next connect expects the new one.
/// </summary>
internal static class MoveCommand
{
    public static Command Create()
    {
        var staffId = new Argument<string>("staffId") { Description = "The connected staff member to move." };
        var email = new Option<string>("--email") { Description = "The Google account they are to connect from now on.", Required = true };
        var removeEvents = new Option<bool>("--remove-events") { Description = "Delete the events the sync wrote into the old account's calendar first." };
        var command = new Command(
            "move",
            "Move a staff member to another Google account: disconnect the old one (grant revoked), then print a connect link for the new one.")
        {
            staffId, email, removeEvents,
        };
        command.SetAction((parse, cancellationToken) => CliInvocation.RunAsync(parse, async (cli, token) =>
        {
            var id = ItemId.Validate(parse.GetValue(staffId), "staff");
            var account = AccountAddress.Validate(parse.GetValue(email));
            switch (await cli.Get<DisconnectService>().MoveAsync(id, account, parse.GetValue(removeEvents), token))
            {
                case DisconnectOutcome.NotFound:
                    await cli.Error.WriteLineAsync($"Staff member {id} has no connection: connect them with calsync connect {id}.");
                    return CliInvocation.Failed;
                case DisconnectOutcome.SyncRunning:
                    await cli.Error.WriteLineAsync($"A sync of {id} is under way; nothing was changed. Try again in a minute.");
                    return CliInvocation.Failed;
            }

            await cli.Output.WriteLineAsync($"Moved {id}: the old account is disconnected; their next connect must use {account}.");
            var directory = cli.Get<StaffDirectory>();
            if (await directory.GetAsync(id, token) is { } staff)
            {
                staff = new StaffMember(staff.Id, staff.Name, account, staff.TimeZoneId);
                await directory.SaveAsync(staff, token);
                return await ConnectCommand.ConnectAsync(cli, staff, token) is { IsConnected: false } ? CliInvocation.Failed : CliInvocation.Succeeded;
            }

            var link = await cli.Get<ConnectionService>().CreateLinkAsync(id, account, token);
            await cli.Output.WriteLineAsync($"Connect link for {id} ({account}), valid once until {link.ExpiresAt:u}: {link.Url.AbsoluteUri}");
            return CliInvocation.Succeeded;
        }, cancellationToken));
        return command;
    }
}
