using CalendarSync.Bench;
using CalendarSync.Bench.Reporting;

BenchOptions? options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

if (options is null)
{
    Console.WriteLine(BenchOptions.Help);
    return 0;
}

if (!BenchRun.Scenarios.ContainsKey(options.Scenario) && options.Scenario is not ("all" or BenchRun.MemoryWorker))
{
    await Console.Error.WriteLineAsync($"Unknown scenario '{options.Scenario}'; see --help.");
    return 2;
}

return await BenchRun.RunAsync(options);
