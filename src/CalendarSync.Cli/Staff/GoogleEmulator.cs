using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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
    public Task<bool> IsRunningAsync(CancellationToken cancellationToken) => AnswersAtAsync(_http, Root, cancellationToken);

    /// <summary>True when <paramref name="root"/> answers the emulator's admin path.</summary>
    public static async Task<bool> AnswersAtAsync(HttpClient http, Uri root, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            using var response = await http.GetAsync(new Uri(root, "emulator/faults"), cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// Creates (or keeps) the staff member's Google account and primary calendar in their zone; answers an access token
    /// of the account's grant, for writing in their calendar as they would in Google's app.
    /// </summary>
    public async Task<string> CreateAccountAsync(StaffMember staff, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(
            new Uri(Root, "emulator/users"), new { email = staff.Email, timeZone = staff.TimeZoneId }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var account = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return account.GetProperty("accessToken").GetString() ?? throw new InvalidOperationException("The emulator answered no access token.");
    }

    /// <summary>Every event stored in the calendar, cancelled ones included (the emulator's admin view).</summary>
    public async Task<IReadOnlyList<JsonElement>> EventsAsync(string calendarId, CancellationToken cancellationToken)
    {
        var all = await _http.GetFromJsonAsync<JsonElement>(
            new Uri(Root, $"emulator/calendars/{Uri.EscapeDataString(calendarId)}/events"), cancellationToken);
        return [.. all.GetProperty("items").EnumerateArray()];
    }

    /// <summary>Writes an event as the staff member does in Google: POST inserts (answers the id), PATCH changes, DELETE removes.</summary>
    public async Task<string?> WriteEventAsync(
        HttpMethod method, string calendarId, string accessToken, string? eventId, object? body, CancellationToken cancellationToken)
    {
        var path = $"calendar/v3/calendars/{Uri.EscapeDataString(calendarId)}/events" + (eventId is null ? "" : "/" + Uri.EscapeDataString(eventId));
        using var request = new HttpRequestMessage(method, new Uri(Root, path))
        {
            Content = body is null ? null : JsonContent.Create(body),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await _http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return response.StatusCode == HttpStatusCode.NoContent
            ? null
            : (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetString();
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
