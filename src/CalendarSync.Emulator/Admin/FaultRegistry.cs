using System.Collections.Concurrent;
using System.Globalization;
using CalendarSync.Emulator.Google;

namespace CalendarSync.Emulator.Admin;

/// <summary>The faults in force; every Google path (and every batch part) asks it before it is served.</summary>
public sealed class FaultRegistry
{
    private readonly ConcurrentDictionary<string, Fault> _faults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<FaultKind, long> _struck = new();
    private long _requests;
    private int _nextId;

    internal Fault Add(FaultKind kind, string pathPattern, string? method, double probability, int? count, TimeSpan latency)
    {
        var id = "fault-" + Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var fault = new Fault(id, kind, pathPattern, method, probability, count, latency);
        _faults[id] = fault;
        return fault;
    }

    internal IReadOnlyCollection<Fault> All => [.. _faults.Values.OrderBy(f => f.Id, StringComparer.Ordinal)];

    public bool Remove(string id) => _faults.TryRemove(id, out _);

    public void Clear() => _faults.Clear();

    /// <summary>Google requests (batch parts each count) seen since the start or the last reset, struck or not.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>How often each kind of fault has struck since the start or the last reset; cleared faults still count.</summary>
    public IReadOnlyDictionary<FaultKind, long> Struck => _struck.ToDictionary();

    /// <summary>Forgets the faults and the counts (<c>POST /emulator/reset</c>).</summary>
    public void Reset()
    {
        _faults.Clear();
        _struck.Clear();
        Interlocked.Exchange(ref _requests, 0);
    }

    /// <summary>The first fault that strikes this request, if any; spent faults leave the registry.</summary>
    internal Fault? Strike(string method, string path)
    {
        Interlocked.Increment(ref _requests);
        return StrikeAny(method, path, fault => fault.Kind switch
        {
            FaultKind.DropNotification or FaultKind.DelayNotification => false,
            FaultKind.ShortPages => method == "GET" && (path.EndsWith("/events", StringComparison.Ordinal) || path.EndsWith("/instances", StringComparison.Ordinal)),
            FaultKind.CancelReplacedInstances => method is "PUT" or "PATCH" && path.Contains("/events/", StringComparison.Ordinal),
            _ => true,
        });
    }

    /// <summary>The notification fault that strikes a delivery to <paramref name="address"/>, if any.</summary>
    internal Fault? StrikeNotification(Uri address) =>
        StrikeAny("POST", address.AbsolutePath, fault => fault.Kind is FaultKind.DropNotification or FaultKind.DelayNotification);

    private Fault? StrikeAny(string method, string path, Func<Fault, bool> applies)
    {
        if (_faults.IsEmpty)
        {
            return null;
        }

        foreach (var fault in _faults.Values)
        {
            if (applies(fault) && fault.Strikes(method, path))
            {
                if (fault.IsSpent)
                {
                    _faults.TryRemove(fault.Id, out _);
                }

                _struck.AddOrUpdate(fault.Kind, 1, (_, n) => n + 1);
                return fault;
            }

            if (fault.IsSpent)
            {
                _faults.TryRemove(fault.Id, out _);
            }
        }

        return null;
    }

    /// <summary>The answer Google gives for an error fault; null for latency and dropped connections.</summary>
    internal static ApiResponse? ErrorAnswer(FaultKind kind) => kind switch
    {
        FaultKind.RateLimitExceeded => GoogleError.Create(403, "rateLimitExceeded", "Rate Limit Exceeded", "usageLimits"),
        FaultKind.UserRateLimitExceeded => GoogleError.Create(403, "userRateLimitExceeded", "User Rate Limit Exceeded", "usageLimits"),
        FaultKind.TooManyRequests => GoogleError.Create(429, "rateLimitExceeded", "Rate Limit Exceeded", "usageLimits"),
        FaultKind.BackendError => GoogleError.Create(500, "backendError", "Backend Error"),
        FaultKind.ServiceUnavailable => GoogleError.Create(503, "backendError", "The service is currently unavailable."),
        FaultKind.QuotaExceeded => GoogleError.QuotaExceeded(),
        FaultKind.ForbiddenForNonOrganizer => GoogleError.ForbiddenForNonOrganizer(),
        FaultKind.Conflict => GoogleError.Conflict(),
        _ => null,
    };
}
