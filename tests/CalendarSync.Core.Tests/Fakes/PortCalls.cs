namespace CalendarSync.Core.Tests.Fakes;

/// <summary>
/// Counts one run's port calls, and can make one of them fail: throw instead of happening, or happen and then
/// kill the run (the state a crash right after a call leaves behind).
/// </summary>
public sealed class PortCalls
{
    public int Calls { get; private set; }

    public int Writes { get; private set; }

    public int GoogleCalls { get; private set; }

    /// <summary>Zero-based index of the call that fails; null for a run without fault.</summary>
    public int? FaultAt { get; init; }

    /// <summary>Alternatively, the name of the call that fails (its first occurrence), as in <see cref="WriteNames"/>.</summary>
    public string? FaultOn { get; init; }

    /// <summary>The failing call happens first, and the run dies right after it.</summary>
    public bool DieAfter { get; init; }

    public bool FaultFired { get; private set; }

    /// <summary>The names of the writes, in order, for failure messages.</summary>
    public IList<string> WriteNames { get; } = [];

    /// <summary>Counts a call that no fault is injected at, as a write when <paramref name="write"/>.</summary>
    public void Count(string name, bool write)
    {
        if (write)
        {
            Writes++;
            WriteNames.Add(name);
        }
    }

    public async Task<T> CallAsync<T>(string name, bool google, bool write, Func<Task<T>> call)
    {
        var index = Calls++;
        GoogleCalls += google ? 1 : 0;
        if (write)
        {
            Writes++;
            WriteNames.Add(name);
        }
        var fails = !FaultFired && (index == FaultAt || name == FaultOn);
        if (fails && !DieAfter)
        {
            FaultFired = true;
            throw new InjectedFaultException($"{name} (call {index}) failed before it happened.");
        }

        var result = await call();
        if (fails)
        {
            FaultFired = true;
            throw new InjectedFaultException($"The run died right after {name} (call {index}).");
        }

        return result;
    }

    public Task CallAsync(string name, bool google, bool write, Func<Task> call) =>
        CallAsync(name, google, write, async () =>
        {
            await call();
            return true;
        });
}
