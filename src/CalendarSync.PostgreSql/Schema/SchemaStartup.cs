using Microsoft.Extensions.Hosting;

namespace CalendarSync.PostgreSql.Schema;

/// <summary>
/// At start, checks that the database's schema is the one this build knows (or migrates it first, with
/// <c>AppointmentData__MigrateOnStart</c>); otherwise the host stops with a message naming <c>calsync db migrate</c>.
/// </summary>
public sealed class SchemaStartup(SchemaMigrator migrator, bool migrate) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (migrate)
        {
            await migrator.MigrateAsync(cancellationToken);
        }

        await migrator.CheckAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
