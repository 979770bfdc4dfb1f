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
}
