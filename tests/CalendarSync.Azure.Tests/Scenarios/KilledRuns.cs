using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Fakes;

namespace CalendarSync.Azure.Tests.Scenarios;

/// <summary>Runs on the real adapters killed right after each of their calls in turn, each next run going on from what the last left.</summary>
internal static class KilledRuns
{
    /// <summary>
    /// Runs the engine for <paramref name="connection"/> killed after its first call, then its second, and so on until a
    /// run ends on its own; <paramref name="afterEach"/> checks the world after each run (given when, for its messages).
    /// Answers how many runs were killed.
    /// </summary>
    public static async Task<int> EachAsync(
        AzureSyncWorld world, CalendarConnection connection, StaffSyncOptions options, Func<string, Task> afterEach, CancellationToken cancellationToken)
    {
        var kills = 0;
        for (var faultAt = 0; faultAt < 400; faultAt++)
        {
            var calls = new PortCalls { FaultAt = faultAt, DieAfter = true };
            var engine = new StaffSync(
                new RecordingAppointmentData(world.Data, calls), new RecordingSyncStateStore(world.State, calls), world.Clock, options, EventRendering.Default);
            try
            {
                await engine.RunAsync(world.Staff, connection, new RecordingCalendar(world.Calendar, calls), allowMassDelete: false, cancellationToken);
            }
            catch (Exception ex) when (calls.FaultFired && ex is SyncException or InjectedFaultException)
            {
                // A killed run's lease frees itself when it expires.
                kills++;
                world.Clock.Advance(options.RunTimeBudget + TimeSpan.FromMinutes(2));
            }

            await afterEach($"after the run killed at call {faultAt}");
            if (!calls.FaultFired)
            {
                return kills;
            }
        }

        throw new InvalidOperationException("400 runs were all killed: the runs never reach their end.");
    }
}
