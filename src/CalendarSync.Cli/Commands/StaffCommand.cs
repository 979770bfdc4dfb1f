using System.CommandLine;
using CalendarSync.Cli.Hosting;
using CalendarSync.Cli.Staff;
using CalendarSync.Core.Domain;

namespace CalendarSync.Cli.Commands;

/// <summary><c>calsync staff add</c>: a staff member calsync can connect (and, against the emulator, their Google account).</summary>
internal static class StaffCommand
{
    public static Command Create()
    {
        var staffId = new Argument<string>("staffId") { Description = "The staff member's id in the appointment system." };
        var name = new Option<string>("--name") { Description = "Their name.", Required = true };
        var email = new Option<string>("--email") { Description = "Their Google account's address.", Required = true };
        var timeZone = new Option<string>("--time-zone") { Description = "Their IANA time zone, such as Europe/Berlin.", Required = true };
        var add = new Command("add", "Add (or update) a staff member; against the emulator, their Google account is created too.")
        {
            staffId, name, email, timeZone,
        };
        add.SetAction((parse, cancellationToken) => CliInvocation.RunAsync(parse, async (cli, token) =>
        {
            var staff = new StaffMember(parse.GetValue(staffId)!, parse.GetValue(name)!, parse.GetValue(email)!, parse.GetValue(timeZone)!);
            await cli.Get<StaffDirectory>().SaveAsync(staff, token);
            var emulator = cli.Get<GoogleEmulator>();
            var inEmulator = await emulator.IsRunningAsync(token);
            if (inEmulator)
            {
                _ = await emulator.CreateAccountAsync(staff, token);
            }

            await cli.Output.WriteLineAsync(
                $"Added {staff.Id} ({staff.Name}, {staff.Email}, {staff.TimeZoneId})" +
                (inEmulator ? "; their Google account exists in the emulator." : ".") + $" Next: calsync connect {staff.Id}");
            return CliInvocation.Succeeded;
        }, cancellationToken));
        return new Command("staff", "Staff members calsync can connect.") { add };
    }
}
