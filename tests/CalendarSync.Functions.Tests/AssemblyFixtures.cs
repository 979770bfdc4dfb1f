using CalendarSync.Testing;

[assembly: AssemblyFixture(typeof(AzuriteFixture))]
[assembly: AssemblyFixture(typeof(EmulatorFixture))]
