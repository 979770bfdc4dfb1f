using CalendarSync.Testing;

[assembly: AssemblyFixture(typeof(PostgresFixture))]

// The change feed hands out a change once every transaction older than it has ended, on the whole server (docs/storage.md):
// a test holding a transaction open would hold back the feed another test reads at the same time. Tests take turns.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]
