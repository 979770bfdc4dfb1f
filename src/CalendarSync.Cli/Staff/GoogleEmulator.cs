using System.Net;
using System.Net.Http.Json;
using CalendarSync.Core.Domain;
using CalendarSync.Google;
using Microsoft.Extensions.Options;

namespace CalendarSync.Cli.Staff;

/// <summary>
/// The emulator's admin API, when the Google endpoints in the settings are the emulator's (docs/emulator.md): calsync
/// then creates the staff member's Google account and completes the consent itself, which a browser does at Google.
/// </summary>
internal sealed class GoogleEmulator(IOptions<GoogleOptions> google) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };

    private Uri Root => google.Value.ApiRootUri;

    /// <summary>True when the Google API root answers the emulator's admin path.</summary>
    public async Task<bool> IsRunningAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(Root, "emulator/faults"), cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Creates (or keeps) the staff member's Google account and primary calendar in their zone.</summary>
    public async Task CreateAccountAsync(StaffMember staff, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(
            new Uri(Root, "emulator/users"), new { email = staff.Email, timeZone = staff.TimeZoneId }, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Follows a consent link as the staff member's browser would and answers Google's redirect to our callback.</summary>
    public async Task<Uri> ConsentAsync(Uri consentUrl, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(consentUrl, cancellationToken);
        return response.StatusCode is HttpStatusCode.Found or HttpStatusCode.SeeOther && response.Headers.Location is { } location
            ? location
            : throw new InvalidOperationException($"The emulator answered the consent link with {(int)response.StatusCode}, not a redirect.");
    }

    public void Dispose() => _http.Dispose();
}
