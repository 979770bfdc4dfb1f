using Npgsql;

namespace CalendarSync.PostgreSql;

/// <summary>The one <see cref="NpgsqlDataSource"/> (a connection pool) of the app, from <c>AppointmentData__ConnectionString</c>.</summary>
public static class PostgresDataSources
{
    /// <summary>How often a token is fetched ahead of its expiry; Entra ID access tokens live about an hour.</summary>
    private static readonly TimeSpan TokenRefresh = TimeSpan.FromMinutes(50);

    private static readonly TimeSpan TokenRetry = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A data source on <paramref name="connectionString"/>. Without a password in it, every new connection signs in with
    /// the token <paramref name="accessToken"/> gives (an Entra ID token of the app's managed identity in Azure), fetched
    /// ahead of time by Npgsql's periodic password provider, so no connection waits for it and no secret is stored.
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString, Func<CancellationToken, ValueTask<string>> accessToken)
    {
        ArgumentNullException.ThrowIfNull(accessToken);
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.ConnectionStringBuilder.Password))
        {
            builder.UsePeriodicPasswordProvider((_, cancellationToken) => accessToken(cancellationToken), TokenRefresh, TokenRetry);
        }

        return builder.Build();
    }

    /// <summary>Null if <paramref name="connectionString"/> can be used, else why not (without repeating it: it may hold a password).</summary>
    public static string? Problem(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "AppointmentData__ConnectionString is required when AppointmentData__Provider is PostgreSql.";
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.Host) || string.IsNullOrWhiteSpace(builder.Database)
                ? "AppointmentData__ConnectionString must name a Host and a Database, such as Host=myserver.postgres.database.azure.com;Database=bookings;Username=calendarsync-app."
                : null;
        }
        catch (ArgumentException ex)
        {
            return $"AppointmentData__ConnectionString is not a PostgreSQL connection string ({ex.Message.Split('\n')[0]}).";
        }
    }
}
