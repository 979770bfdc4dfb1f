namespace CalendarSync.Cli.Tests.Reliability;

/// <summary>calsync sweeps as the timer runs them, and killed as a host dies: at a random moment while runs are under way.</summary>
internal static class Sweeps
{
    /// <summary>Runs <c>calsync sweep</c> to its end; answers the exit code (1 when some message failed and stays queued).</summary>
    public static async Task<int> RunAsync(ReliabilityWorld world, TimeSpan timeout, CancellationToken cancellationToken, params string[] args)
    {
        using var sweep = world.Calsync(["sweep", .. args]);
        var exitCode = await sweep.WaitAsync(timeout, cancellationToken);
        return exitCode is 0 or 1
            ? exitCode
            : throw new InvalidOperationException($"calsync sweep exited with {exitCode}:\n{sweep.Output}");
    }

    /// <summary>
    /// Waits until the process has a run under way (a lease taken that was not taken before it started), waits a random
    /// moment more, and kills it. False when it finished first.
    /// </summary>
    public static async Task<bool> KillWhileDrainingAsync(
        ReliabilityWorld world, CalsyncProcess sweep, IReadOnlySet<string> heldBefore, Random random, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while ((await world.LeasesHeldAsync(cancellationToken)).All(heldBefore.Contains))
        {
            if (sweep.HasExited || DateTimeOffset.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }

        int wait;
        lock (random)
        {
            wait = random.Next(1500);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(wait), cancellationToken);
        if (sweep.HasExited)
        {
            return false;
        }

        sweep.Kill();
        return true;
    }
}
