namespace CalendarSync.Emulator;

/// <summary>Settings of the emulator, bound from the configuration section <c>Emulator</c>.</summary>
public sealed class EmulatorOptions
{
    public const string Section = "Emulator";

    /// <summary>The one OAuth client the emulator knows; the default pair matches local.settings.sample.json.</summary>
    public string ClientId { get; set; } = "calendarsync-local";

    public string ClientSecret { get; set; } = "calendarsync-local-secret";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The longest a push channel lives; Google caps events channels at about a week.</summary>
    public TimeSpan MaxChannelLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// A standing network round trip: every request to Google's paths (OAuth's included) is served this much later, a
    /// batch once for all its parts, as Google serves a batch's parts together. Zero: none. Benchmarks set it.
    /// </summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How far ahead of now a list with <c>singleEvents</c> names the instances of a deleted series as cancelled. Google
    /// has been seen to name only about six months of them; instances after that are not listed at all.
    /// </summary>
    public TimeSpan DeletedSeriesSpan { get; set; } = TimeSpan.FromDays(183);
}
