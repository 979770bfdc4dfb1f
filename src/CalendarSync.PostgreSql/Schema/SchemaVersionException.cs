namespace CalendarSync.PostgreSql.Schema;

/// <summary>The database's <c>calendar_sync</c> schema is missing, older or newer than this build's; the message says what to do.</summary>
public sealed class SchemaVersionException(string message) : Exception(message);
