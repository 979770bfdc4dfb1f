using System.CommandLine;
using CalendarSync.Cli.Hosting;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;

namespace CalendarSync.Cli.Commands;

/// <summary><c>calsync appointments put|delete</c>: the data API's appointment writes, through <see cref="AppointmentDataService"/>.</summary>
internal static class AppointmentsCommand
{
    public static Command Create()
    {
        var command = new Command("appointments", "Write appointments as the appointment system does through the data API.");
        command.Subcommands.Add(Put());
        command.Subcommands.Add(Delete());
        return command;
    }

    private static Command Put()
    {
        var staffId = new Argument<string>("staffId") { Description = "The staff member the appointment is with." };
        var id = new Argument<string>("id") { Description = "The appointment's id in the appointment system." };
        var start = new Option<string>("--start") { Description = "Start, ISO 8601 with an offset: 2026-12-01T10:00:00+01:00.", Required = true };
        var end = new Option<string>("--end") { Description = "End, ISO 8601 with an offset.", Required = true };
        var customer = new Option<string>("--customer") { Description = "The customer's name.", Required = true };
        var title = new Option<string?>("--title") { Description = "The appointment's title (default: none)." };
        var syncNow = SyncNowOption();
        var guard = new Option<string?>("--guard")
        {
            Description = "Store it only if the slot is free, as ?guard= does: 'true' (stored data and Google now) or 'local' (stored data only).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        guard.AcceptOnlyFromAmong("true", "local");
        var command = new Command("put", "Create or replace an appointment.") { staffId, id, start, end, customer, title, syncNow, guard };
        command.SetAction((parse, cancellationToken) => CliInvocation.RunAsync(parse, async (cli, token) =>
        {
            // The data API's reading and rules (Core's): the same input makes the same appointment, or the same refusal.
            var period = Period.Timed(ItemRules.ParseInstant("start", parse.GetValue(start)), ItemRules.ParseInstant("end", parse.GetValue(end)));
            var appointment = new Appointment(parse.GetValue(id)!, parse.GetValue(staffId)!, period, parse.GetValue(customer)!, parse.GetValue(title));
            var mode = parse.GetResult(guard) is null ? BookingGuard.None
                : parse.GetValue(guard) == "local" ? BookingGuard.Local
                : BookingGuard.Live;
            DataWrite write;
            try
            {
                write = await cli.Get<AppointmentDataService>().SaveAsync(appointment, parse.GetValue(syncNow), mode, token);
            }
            catch (BookingConflictException ex)
            {
                await cli.Error.WriteLineAsync(ex.Message);
                foreach (var conflict in ex.Availability.Conflicts)
                {
                    await cli.Error.WriteLineAsync($"  {conflict.Source} {conflict.Id}: {conflict.Start:O} to {conflict.End:O}");
                }

                return CliInvocation.Failed;
            }
            catch (AvailabilityUnknownException ex)
            {
                await cli.Error.WriteLineAsync($"Nothing stored: {ex.Message} (--guard local checks the stored data only).");
                return CliInvocation.Failed;
            }

            await cli.Output.WriteLineAsync(
                $"Stored appointment {appointment.Id} of {appointment.StaffId} ({period}), version {write.Item!.Version}" + Queued(write));
            if (write.Warning is { } warning)
            {
                await cli.Error.WriteLineAsync("warning: " + warning);
            }

            return CliInvocation.Succeeded;
        }, cancellationToken));
        return command;
    }

    private static Command Delete()
    {
        var staffId = new Argument<string>("staffId") { Description = "The staff member the appointment is with." };
        var id = new Argument<string>("id") { Description = "The appointment's id." };
        var syncNow = SyncNowOption();
        var command = new Command("delete", "Delete an appointment; the next sync removes its event.") { staffId, id, syncNow };
        command.SetAction((parse, cancellationToken) => CliInvocation.RunAsync(parse, async (cli, token) =>
        {
            var staff = parse.GetValue(staffId)!;
            var key = new ItemKey(ItemKind.Appointment, ItemId.Validate(parse.GetValue(id), "appointment"));
            if (await cli.Get<AppointmentDataService>().DeleteAsync(staff, key, parse.GetValue(syncNow), token) is not { } write)
            {
                await cli.Error.WriteLineAsync($"Staff member {staff} has no appointment {key.Id}.");
                return CliInvocation.Failed;
            }

            await cli.Output.WriteLineAsync($"Deleted appointment {key.Id} of {staff}" + Queued(write));
            return CliInvocation.Succeeded;
        }, cancellationToken));
        return command;
    }

    private static Option<bool> SyncNowOption() =>
        new("--sync-now") { Description = "Queue the staff member's sync at once, as ?sync=now does (calsync sweep runs it)." };

    private static string Queued(DataWrite write) => write.SyncsQueued > 0 ? "; sync queued." : ".";
}
