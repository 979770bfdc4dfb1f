using CalendarSync.Core.Data;
using CalendarSync.Core.Runs;
using CalendarSync.PostgreSql.Changes;
using CalendarSync.PostgreSql.Data;
using CalendarSync.PostgreSql.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CalendarSync.PostgreSql;

/// <summary>Registers the appointment data on PostgreSQL in place of any other store of it.</summary>
public static class Extensions
{
    public static IServiceCollection AddPostgreSqlAppointmentData(
        this IServiceCollection services, Func<IServiceProvider, NpgsqlDataSource> dataSource, Func<IServiceProvider, bool> migrateOnStart)
    {
        services.AddSingleton(dataSource);
        services.AddSingleton<PostgresAppointmentData>();
        services.Replace(ServiceDescriptor.Singleton<IAppointmentData>(provider => provider.GetRequiredService<PostgresAppointmentData>()));
        services.Replace(ServiceDescriptor.Singleton<IAppointmentStore>(provider => provider.GetRequiredService<PostgresAppointmentData>()));
        services.Replace(ServiceDescriptor.Singleton<IBookingLock, PostgresBookingLock>());
        services.AddSingleton<IStorageErrorClassifier, PostgresErrorClassifier>();
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<IHostedService>(provider => new SchemaStartup(provider.GetRequiredService<SchemaMigrator>(), migrateOnStart(provider)));
        return services;
    }

    /// <summary>
    /// Queues a staff member's sync within seconds of a committed change (<see cref="ChangeListener"/>): <paramref name="queue"/>
    /// gets the staff ids heard, '' standing for a closure.
    /// </summary>
    public static IServiceCollection AddPostgreSqlChangeListener(
        this IServiceCollection services, Func<IServiceProvider, Func<IReadOnlyCollection<string>, CancellationToken, Task>> queue)
    {
        services.AddSingleton<IHostedService>(provider => new ChangeListener(
            provider.GetRequiredService<NpgsqlDataSource>(), queue(provider), provider.GetRequiredService<ILogger<ChangeListener>>()));
        return services;
    }
}
