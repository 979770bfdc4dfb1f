using System.ComponentModel.DataAnnotations;

namespace CalendarSync.Core.Connections;

/// <summary>How long push channels live and how early the sweep renews them (section <c>Push</c>).</summary>
public sealed class PushChannelOptions
{
    /// <summary>Google caps a channel at about a week; it answers the expiration it actually granted.</summary>
    [Range(typeof(TimeSpan), "00:10:00", "30.00:00:00")]
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromDays(7);

    /// <summary>A channel ending within this is renewed: several sweeps' worth, so one failed sweep does not lose it.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan RenewWithin { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Channels one sweep opens or renews at most, one Google call each; when push is first turned on, the rest follow over the next sweeps.</summary>
    [Range(1, 10_000)]
    public int MaxPerSweep { get; set; } = 500;
}
