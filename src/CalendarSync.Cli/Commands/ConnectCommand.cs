using System.CommandLine;
using System.Web;
using CalendarSync.Cli.Hosting;
using CalendarSync.Cli.Staff;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;

namespace CalendarSync.Cli.Commands;

/// <summary>
/// <c>calsync connect</c>: a connect link of <see cref="ConnectionService"/> for the staff member's Google account, as
/// <c>POST /api/calendar/connect-links</c> gives; against the emulator, calsync opens it, consents and completes the
/// callback as the staff member's browser and the function app's OAuth callback do.
/// </summary>
internal static class ConnectCommand
{
    public static Command Create()
    {
        var staffId = new Argument<string>("staffId") { Description = "A staff member added with calsync staff add." };
        var command = new Command(
            "connect",
            "Print a connect link for a staff member's Google account. When the Google endpoints are the emulator's, complete the sign-in too.")
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

    /// <summary>Prints the connect link and, against the emulator, completes it; null when a person must open the link.</summary>
    public static async Task<ConnectOutcome?> ConnectAsync(CliInvocation cli, StaffMember staff, CancellationToken cancellationToken)
    {
        var connections = cli.Get<ConnectionService>();
        ConnectLink link;
        try
        {
            link = await connections.CreateLinkAsync(staff.Id, staff.Email, cancellationToken);
        }
        catch (AccountConflictException ex)
        {
            throw new DomainValidationException($"{ex.Message} Use calsync move {staff.Id} --email {staff.Email}.");
        }

        await cli.Output.WriteLineAsync($"Connect link for {staff.Id} ({staff.Email}), valid once until {link.ExpiresAt:u}: {link.Url.AbsoluteUri}");
        var emulator = cli.Get<GoogleEmulator>();
        if (!await emulator.IsRunningAsync(cancellationToken))
        {
            await cli.Output.WriteLineAsync(
                "Send it to the staff member: they open it, consent at Google with that account, and the function app's callback connects them.");
            return null;
        }

        _ = await emulator.CreateAccountAsync(staff, cancellationToken);
        var consentUrl = await connections.StartConsentAsync(HttpUtility.ParseQueryString(link.Url.Query)["link"], cancellationToken);
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
            : outcome.Result == ConnectResult.WrongAccount
                ? $"{outcome.StaffId} is not connected: Google answered for another account than {outcome.ExpectedAccountMasked}."
                : $"{outcome.StaffId} is not connected: Google answered {outcome.GoogleError}.");
        return outcome;
    }
}
