namespace CalendarSync.Hosting.Configuration;

/// <summary>Where the business's appointment data lives (<c>AppointmentData__Provider</c>).</summary>
public enum AppointmentDataProvider
{
    /// <summary>CalendarSync's own copy in Table Storage, written through the data API.</summary>
    TableStorage,

    /// <summary>The business's own PostgreSQL database, schema <c>calendar_sync</c> (README).</summary>
    PostgreSql,
}
