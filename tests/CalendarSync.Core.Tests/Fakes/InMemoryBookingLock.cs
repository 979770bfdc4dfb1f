using System.Collections.Concurrent;
using CalendarSync.Core.Data;

namespace CalendarSync.Core.Tests.Fakes;

/// <summary>The booking lock in one process: a semaphore per staff member; counts how often it was taken.</summary>
public sealed class InMemoryBookingLock : IBookingLock
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    private int _taken;

    public int Taken => Volatile.Read(ref _taken);

    public async Task<IAsyncDisposable> HoldAsync(string staffId, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(staffId, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(IBookingLock.MaxWait, cancellationToken))
        {
            throw new AvailabilityUnknownException("The booking lock was held too long.");
        }

        Interlocked.Increment(ref _taken);
        return new Held(gate);
    }

    private sealed class Held(SemaphoreSlim gate) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            gate.Release();
            return ValueTask.CompletedTask;
        }
    }
}
