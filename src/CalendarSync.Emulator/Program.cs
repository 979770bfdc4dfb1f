using CalendarSync.Emulator;
using CalendarSync.Emulator.Measuring;

if (args is ["measure", ..])
{
    return await ThroughputMeasurement.RunAsync(args);
}

await EmulatorHost.Build(args).RunAsync();
return 0;
