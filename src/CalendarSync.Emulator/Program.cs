using CalendarSync.Emulator;

await EmulatorHost.Build(args).RunAsync();
