using CalendarSync.Testing;

[assembly: AssemblyFixture(typeof(EmulatorFixture))]
