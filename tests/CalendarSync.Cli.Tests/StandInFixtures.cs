using CalendarSync.Testing;

[assembly: AssemblyFixture(typeof(AzuriteFixture))]
[assembly: AssemblyFixture(typeof(EmulatorFixture))]

// Every test drives commands that read and write the same Azurite; sweeps drain whatever is queued.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]
