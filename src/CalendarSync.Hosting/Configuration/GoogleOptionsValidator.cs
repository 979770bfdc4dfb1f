using CalendarSync.Google;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CalendarSync.Hosting.Configuration;

/// <summary>Checks the <c>Google__*</c> settings at start, naming the setting to fix; HTTPS is required outside Development.</summary>
internal sealed class GoogleOptionsValidator(IHostEnvironment environment) : IValidateOptions<GoogleOptions>
{
    /// <summary>The OAuth callback function's route; the connect route is its sibling, <c>calendar/connect</c>.</summary>
    public const string CallbackPath = "/calendar/oauth/callback";

    public ValidateOptionsResult Validate(string? name, GoogleOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add("Google__ClientId is required: the OAuth client id registered with Google.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            failures.Add("Google__ClientSecret is required: the OAuth client's secret (in Azure, a Key Vault reference).");
        }

        var secure = !environment.IsDevelopment();
        CheckUri(failures, "Google__RedirectUri", options.RedirectUri, required: true, secure);
        if (options.RedirectUri is { IsAbsoluteUri: true } redirect && !redirect.AbsolutePath.EndsWith(CallbackPath, StringComparison.Ordinal))
        {
            // Connect links are made beside it (…/calendar/connect), so it must be the function app's own callback route.
            failures.Add($"Google__RedirectUri must be this app's callback, ending in {CallbackPath}, such as https://example.azurewebsites.net/api{CallbackPath}.");
        }

        CheckUri(failures, "Google__ApiRootUri", options.ApiRootUri, required: true, secure);
        CheckUri(failures, "Google__AuthorizationEndpoint", options.AuthorizationEndpoint, required: true, secure);
        CheckUri(failures, "Google__TokenEndpoint", options.TokenEndpoint, required: true, secure);
        CheckUri(failures, "Google__RevokeEndpoint", options.RevokeEndpoint, required: true, secure);

        // Google delivers push notifications to HTTPS addresses only; in Development the emulator, on this machine, also
        // delivers to a plain-HTTP loopback address.
        var emulatorHook = environment.IsDevelopment() && options.NotificationUri is { IsAbsoluteUri: true, IsLoopback: true };
        CheckUri(failures, "Google__NotificationUri", options.NotificationUri, required: false, secure: !emulatorHook);

        if (options.Retry.MaxAttempts is < 1 or > 10)
        {
            failures.Add("Google__Retry__MaxAttempts must be between 1 and 10.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add("Google__RequestTimeout must be a positive time span such as 00:00:30.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckUri(List<string> failures, string setting, Uri? value, bool required, bool secure)
    {
        if (value is null)
        {
            if (required)
            {
                failures.Add($"{setting} is required.");
            }

            return;
        }

        if (!value.IsAbsoluteUri)
        {
            failures.Add($"{setting} must be an absolute URI; '{value}' is not.");
        }
        else if (secure && value.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add($"{setting} must use https outside Development; '{value}' does not.");
        }
    }
}
