using System.ComponentModel.DataAnnotations;

namespace CalendarSync.Hosting.Configuration;

/// <summary>
/// The <c>OAuthState__*</c> settings: the HMAC keys of connect links and of the consent's state, how long a connect link
/// lives before it is opened, and how long the consent it starts may take.
/// </summary>
public sealed class OAuthStateOptions
{
    public const string Section = "OAuthState";

    /// <summary>Keys, newest first, separated by ';'. Add the new key first; drop the old one a lifetime later.</summary>
    [Required(ErrorMessage = "OAuthState__SigningKeys is required: at least one secret of 32 characters or more.")]
    public string SigningKeys { get; set; } = "";

    [Range(typeof(TimeSpan), "00:01:00", "01:00:00", ErrorMessage = "OAuthState__Lifetime must be between 00:01:00 and 01:00:00.")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(10);

    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "OAuthState__LinkLifetime must be between 00:01:00 and 7.00:00:00.")]
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(1);

    public IReadOnlyList<string> Keys => SigningKeys.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
