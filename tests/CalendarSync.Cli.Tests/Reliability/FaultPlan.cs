namespace CalendarSync.Cli.Tests.Reliability;

/// <summary>
/// The faults a soak cycle runs under: about one Google call in ten fails (each fault below strikes on its own chance,
/// so together 1 − Π(1 − p) ≈ 9.6%), on every Google path, the token endpoint included: rate-limit answers, 5xx, answers
/// slower than <c>Google__RequestTimeout</c> (1 s here), and connections dropped without an answer.
/// </summary>
internal static class FaultPlan
{
    /// <summary>Longer than the one-second request timeout the soak sets, so the call times out on our side.</summary>
    public const int TimeoutLatencyMs = 1500;

    public static IReadOnlyList<object> TenPercent { get; } =
    [
        new { kind = "rateLimitExceeded", probability = 0.015 },
        new { kind = "userRateLimitExceeded", probability = 0.01 },
        new { kind = "tooManyRequests", probability = 0.015 },
        new { kind = "backendError", probability = 0.02 },
        new { kind = "serviceUnavailable", probability = 0.01 },
        new { kind = "latency", probability = 0.015, latencyMs = TimeoutLatencyMs },
        new { kind = "dropConnection", probability = 0.015 },
    ];

    public static async Task StartAsync(ReliabilityWorld world, CancellationToken cancellationToken)
    {
        foreach (var fault in TenPercent)
        {
            await world.FaultAsync(fault, cancellationToken);
        }
    }
}
