using CalendarSync.Testing;

[assembly: AssemblyFixture(typeof(PostgresFixture))]
