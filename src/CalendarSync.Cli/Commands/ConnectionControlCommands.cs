using System.CommandLine;
using CalendarSync.Cli.Hosting;
using CalendarSync.Core.Connections;

namespace CalendarSync.Cli.Commands;

/// <summary>
/// <c>calsync pause</c>, <c>resume</c> and <c>direction</c>: <see cref="ConnectionControl"/>, as
/// <c>POST /api/calendar/connections/{staffId}/pause</c>, <c>…/resume</c> and <c>PUT …/direction</c>.
/// </summary>
internal static class ConnectionControlCommands
{
    public static Command Pause() => Create(
        "pause", "Pause a staff member's sync (the sweep leaves them out, the grant stays) until resumed.",
        (control, staffId, _, token) => control.PauseAsync(staffId, token));

    public static Command Resume() => Create(
        "resume", "Resume a paused staff member's sync; the next sweep syncs them.",
        (control, staffId, _, token) => control.ResumeAsync(staffId, token));

    public static Command Direction()
    {
        var direction = new Argument<string>("direction") { Description = "Bidirectional, PushOnly (never imports Google's events) or PullOnly (never writes to Google)." };
        return Create(
            "direction", "Set which ways a staff member's calendar syncs.",
            (control, staffId, parse, token) => control.SetDirectionAsync(staffId, ConnectionControl.ParseDirection(parse.GetValue(direction)), token),
            direction);
    }

    private static Command Create(
        string name, string description, Func<ConnectionControl, string, ParseResult, CancellationToken, Task<ConnectionRecord?>> change, params Argument[] more)
    {
        var staffId = new Argument<string>("staffId") { Description = "The staff member." };
        var command = new Command(name, description) { staffId };
        foreach (var argument in more)
        {
            command.Arguments.Add(argument);
        }

        command.SetAction((parse, cancellationToken) => CliInvocation.RunAsync(parse, async (cli, token) =>
        {
            var id = parse.GetValue(staffId)!;
            if (await change(cli.Get<ConnectionControl>(), id, parse, token) is not { } record)
            {
                await cli.Error.WriteLineAsync($"Staff member {id} has no connection.");
                return CliInvocation.Failed;
            }

            await cli.Output.WriteLineAsync($"{record.StaffId}: {record.Connection.Status}, syncing {record.Connection.Direction}.");
            return CliInvocation.Succeeded;
        }, cancellationToken));
        return command;
    }
}
