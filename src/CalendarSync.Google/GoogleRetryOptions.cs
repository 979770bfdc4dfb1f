using System.ComponentModel.DataAnnotations;

namespace CalendarSync.Google;

/// <summary>
/// How often one Google call is tried when Google answers "slow down" or fails on its side. Past
/// the last try the failure goes up as transient and the queue retries the whole sync later.
/// </summary>
public sealed class GoogleRetryOptions
{
    /// <summary>Tries in all, the first included.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 4;

    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>No single wait is longer, whatever <c>Retry-After</c> asks for.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);
}
