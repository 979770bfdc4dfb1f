using CalendarSync.Testing;

[assembly: AssemblyFixture(typeof(AzuriteFixture))]
