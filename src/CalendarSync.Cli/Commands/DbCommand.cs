using System.CommandLine;
using CalendarSync.Cli.Hosting;
using CalendarSync.PostgreSql.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace CalendarSync.Cli.Commands;

/// <summary><c>calsync db migrate</c>: creates or upgrades the <c>calendar_sync</c> schema in the business's PostgreSQL database.</summary>
internal static class DbCommand
{
    public static Command Create()
    {
        var migrate = new Command(
            "migrate",
            "Create or upgrade the calendar_sync schema in the database of AppointmentData__ConnectionString (AppointmentData__Provider " +
            "PostgreSql). Safe to run again, and from two machines at once.");
        migrate.SetAction((parse, cancellationToken) => CliInvocation.RunAsync(
            parse,
            new Dictionary<string, string?> { ["AppointmentData:MigrateOnStart"] = "true" },
            async (cli, token) =>
            {
                // The host migrated as it started (MigrateOnStart); this reads back what the database holds now.
                if (cli.Services.GetService<SchemaMigrator>() is not { } migrator)
                {
                    await cli.Error.WriteLineAsync(
                        "AppointmentData__Provider is not PostgreSql: the appointment data is in Table Storage, which has no schema to migrate.");
                    return CliInvocation.Failed;
                }

                var version = await migrator.CheckAsync(token);
                await cli.Output.WriteLineAsync($"The {SchemaMigrator.SchemaName} schema is at version {version}, this build's.");
                return CliInvocation.Succeeded;
            },
            cancellationToken));
        return new Command("db", "The business's PostgreSQL database (AppointmentData__Provider PostgreSql).") { migrate };
    }
}
