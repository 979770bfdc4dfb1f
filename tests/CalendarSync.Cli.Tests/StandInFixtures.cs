using CalendarSync.Testing;

[assembly: AssemblyFixture(typeof(AzuriteFixture))]
[assembly: AssemblyFixture(typeof(EmulatorFixture))]
[assembly: AssemblyFixture(typeof(PostgresFixture))]

// Every test drives commands that read and write the same Azurite; sweeps drain whatever is queued.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]
