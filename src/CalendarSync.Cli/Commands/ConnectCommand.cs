using System.CommandLine;
using System.Web;
using CalendarSync.Cli.Hosting;
using CalendarSync.Cli.Staff;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;

namespace CalendarSync.Cli.Commands;

/// <summary>
/// <c>calsync connect</c>: the consent link of <see cref="ConnectionService"/>; against the emulator, calsync follows it
/// and completes the callback as the function app's OAuth callback does.
/// </summary>
internal static class ConnectCommand
{
    public static Command Create()
    {
        var staffId = new Argument<string>("staffId") { Description = "A staff member added with calsync staff add." };
        var command = new Command(
            "connect",
            "Print the Google consent link for a staff member. When the Google endpoints are the emulator's, complete the sign-in too.")
        {
            staffId,
        };
        command.SetAction((parse, cancellationToken) => CliInvocation.RunAsync(parse, async (cli, token) =>
        {
            var id = ItemId.Validate(parse.GetValue(staffId), "staff");
            if (await cli.Get<StaffDirectory>().GetAsync(id, token) is not { } staff)
            {
                await cli.Error.WriteLineAsync($"Unknown staff member {id}: add them first (calsync staff add {id} --name … --email … --time-zone …).");
                return CliInvocation.Failed;
            }

            var outcome = await ConnectAsync(cli, staff, token);
            return outcome?.IsConnected == false ? CliInvocation.Failed : CliInvocation.Succeeded;
        }, cancellationToken));
        return command;
    }

    /// <summary>Prints the consent link and, against the emulator, completes it; null when a person must open the link.</summary>
    public static async Task<ConnectOutcome?> ConnectAsync(CliInvocation cli, StaffMember staff, CancellationToken cancellationToken)
    {
        var connections = cli.Get<ConnectionService>();
        var consentUrl = await connections.BeginAsync(staff.Id, staff.Email, cancellationToken);
        await cli.Output.WriteLineAsync($"Consent link for {staff.Id}: {consentUrl.AbsoluteUri}");
        var emulator = cli.Get<GoogleEmulator>();
        if (!await emulator.IsRunningAsync(cancellationToken))
        {
            await cli.Output.WriteLineAsync(
                "Send it to the staff member: after they consent, Google redirects to the function app's callback, which connects them.");
            return null;
        }

        _ = await emulator.CreateAccountAsync(staff, cancellationToken);
        var callback = await emulator.ConsentAsync(consentUrl, cancellationToken);
        var query = HttpUtility.ParseQueryString(callback.Query);
        ConnectOutcome outcome;
        try
        {
            outcome = await connections.CompleteAsync(query["state"], query["code"], query["error"], cancellationToken);
        }
        catch (Exception ex) when (ex is OAuthStateRejectedException or CalendarAuthorizationFailedException)
        {
            throw new DomainValidationException($"Connecting {staff.Id} failed: {ex.Message}");
        }

        await cli.Output.WriteLineAsync(outcome.IsConnected
            ? $"Connected {outcome.StaffId} to calendar {outcome.CalendarId}; their first sync is queued (calsync sweep runs it)."
            : $"{outcome.StaffId} is not connected: Google answered {outcome.GoogleError}.");
        return outcome;
    }
}
