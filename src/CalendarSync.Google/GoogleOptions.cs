using System.ComponentModel.DataAnnotations;

namespace CalendarSync.Google;

/// <summary>Settings of the <c>Google</c> section: the OAuth client and Google's endpoints (or the emulator's).</summary>
public sealed class GoogleOptions
{
    public const string SectionName = "Google";

    [Required]
    public string ClientId { get; set; } = "";

    [Required]
    public string ClientSecret { get; set; } = "";

    /// <summary>This app's OAuth callback, registered with the OAuth client.</summary>
    [Required]
    public Uri? RedirectUri { get; set; }

    /// <summary>Root of Google's APIs; Calendar v3 and batch paths hang under it.</summary>
    [Required]
    public Uri ApiRootUri { get; set; } = new("https://www.googleapis.com/");

    [Required]
    public Uri AuthorizationEndpoint { get; set; } = new("https://accounts.google.com/o/oauth2/v2/auth");

    [Required]
    public Uri TokenEndpoint { get; set; } = new("https://oauth2.googleapis.com/token");

    [Required]
    public Uri RevokeEndpoint { get; set; } = new("https://oauth2.googleapis.com/revoke");

    /// <summary>Public HTTPS address of the notifications function for push channels; unset: no push.</summary>
    public Uri? NotificationUri { get; set; }

    /// <summary>How long one try of an HTTP call to Google may take before it counts as a timeout and is retried.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public GoogleRetryOptions Retry { get; set; } = new();

    /// <summary>
    /// The <c>Google__*</c> settings of a Google that serves all of Google's paths on one origin, as the emulator does
    /// (Google itself spreads them over three hosts): the one place that knows those paths.
    /// </summary>
    public static IReadOnlyDictionary<string, string> OneOriginSettings(Uri root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [$"{SectionName}__{nameof(ApiRootUri)}"] = root.AbsoluteUri,
            [$"{SectionName}__{nameof(AuthorizationEndpoint)}"] = new Uri(root, "o/oauth2/v2/auth").AbsoluteUri,
            [$"{SectionName}__{nameof(TokenEndpoint)}"] = new Uri(root, "token").AbsoluteUri,
            [$"{SectionName}__{nameof(RevokeEndpoint)}"] = new Uri(root, "revoke").AbsoluteUri,
        };
    }

    /// <summary>Options for a Google on one origin (see <see cref="OneOriginSettings"/>), with the other settings at their defaults.</summary>
    public static GoogleOptions AtOneOrigin(Uri root)
    {
        var settings = OneOriginSettings(root);
        return new GoogleOptions
        {
            ApiRootUri = new Uri(settings[$"{SectionName}__{nameof(ApiRootUri)}"]),
            AuthorizationEndpoint = new Uri(settings[$"{SectionName}__{nameof(AuthorizationEndpoint)}"]),
            TokenEndpoint = new Uri(settings[$"{SectionName}__{nameof(TokenEndpoint)}"]),
            RevokeEndpoint = new Uri(settings[$"{SectionName}__{nameof(RevokeEndpoint)}"]),
        };
    }
}
