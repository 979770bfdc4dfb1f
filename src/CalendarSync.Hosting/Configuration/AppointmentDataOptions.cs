namespace CalendarSync.Hosting.Configuration;

/// <summary>The <c>AppointmentData__*</c> settings: which store holds the appointment data, and for PostgreSQL, where.</summary>
public sealed class AppointmentDataOptions
{
    public const string Section = "AppointmentData";

    public AppointmentDataProvider Provider { get; set; } = AppointmentDataProvider.TableStorage;

    /// <summary>
    /// For PostgreSql: an Npgsql connection string. Without a password, the app signs in with an Entra ID token of its
    /// managed identity (Azure Database for PostgreSQL with Entra authentication).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Whether the app creates or upgrades the schema at start (as <c>calsync db migrate</c> does) instead of refusing to start.</summary>
    public bool MigrateOnStart { get; set; }
}
