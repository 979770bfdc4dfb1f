using System.Net.Http.Json;
using CalendarSync.Emulator;
using Xunit;

namespace CalendarSync.Testing;

/// <summary>
/// The Google Calendar + OAuth emulator in-process on a free loopback port, started once per test assembly.
/// Register it with <c>[assembly: AssemblyFixture(typeof(EmulatorFixture))]</c>. Tests share it, so each
/// creates its own users (<c>CreateUserAsync</c>); a test that injects faults or resets starts its own
/// <see cref="EmulatorHost"/> instead.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    /// <summary>What CalendarSync's consent asks (GoogleOAuthClient.Scopes): events, and the calendar list read.</summary>
    public const string ProductScopes = "https://www.googleapis.com/auth/calendar.events https://www.googleapis.com/auth/calendar.calendarlist.readonly";

    /// <summary>Everything in Google Calendar, as Google's own apps hold it: for users who stand for people outside CalendarSync.</summary>
    public const string FullScope = "https://www.googleapis.com/auth/calendar";

    /// <summary>Free/busy, which CalendarSync's consent adds once a staff member reads calendars as busy times.</summary>
    public const string FreeBusyScope = "https://www.googleapis.com/auth/calendar.events.freebusy";

    /// <summary>Making secondary calendars (a "Bookings" calendar) and their events.</summary>
    public const string AppCreatedScope = "https://www.googleapis.com/auth/calendar.app.created";

    private EmulatorHost? _host;

    public EmulatorHost Host => _host ?? throw new InvalidOperationException("The emulator has not started.");

    /// <summary>The origin of every path, ending in '/'.</summary>
    public Uri BaseUri => Host.BaseUri;

    public async ValueTask InitializeAsync() => _host = await EmulatorHost.StartAsync();

    public Task<EmulatorUser> CreateUserAsync(
        string? email = null, string timeZone = "Europe/Berlin", string? scope = null, CancellationToken cancellationToken = default) =>
        CreateUserAsync(BaseUri, email, timeZone, scope, cancellationToken);

    /// <summary>
    /// Creates a user on any emulator (email default: a fresh unique one), through <c>POST /emulator/users</c>, with tokens of
    /// the <paramref name="scope"/> given (space-separated; default what CalendarSync's consent asks: <see cref="ProductScopes"/>).
    /// </summary>
    public static async Task<EmulatorUser> CreateUserAsync(
        Uri baseUri, string? email = null, string timeZone = "Europe/Berlin", string? scope = null, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = baseUri };
        email ??= $"staff-{Guid.NewGuid():N}@example.com";
        using var response = await http.PostAsJsonAsync("emulator/users", new { email, timeZone, scope = scope ?? ProductScopes }, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<EmulatorUser>(cancellationToken)
               ?? throw new InvalidOperationException("The emulator answered no user.");
    }

    /// <summary>
    /// Another user's calendar (a partner's "Family") with one busy event from <paramref name="start"/> to
    /// <paramref name="end"/>, shared with <paramref name="shareWith"/> as <paramref name="role"/>; answers its id.
    /// </summary>
    public async Task<string> SharedCalendarAsync(string shareWith, string role, DateTime start, DateTime end, CancellationToken cancellationToken)
    {
        // The partner uses Google Calendar itself, which holds every scope.
        var owner = await CreateUserAsync(cancellationToken: cancellationToken, scope: FullScope);
        using var asOwner = new HttpClient { BaseAddress = BaseUri };
        asOwner.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", owner.AccessToken);
        using var created = await asOwner.PostAsJsonAsync("calendar/v3/calendars", new { summary = "Family" }, cancellationToken);
        created.EnsureSuccessStatusCode();
        var calendarId = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(cancellationToken)).GetProperty("id").GetString()!;
        using var added = await asOwner.PostAsJsonAsync($"calendar/v3/calendars/{Uri.EscapeDataString(calendarId)}/events", new
        {
            summary = "School run",
            start = new { dateTime = $"{start:yyyy-MM-ddTHH:mm:ss}Z" },
            end = new { dateTime = $"{end:yyyy-MM-ddTHH:mm:ss}Z" },
        }, cancellationToken);
        added.EnsureSuccessStatusCode();
        await ShareAsync(calendarId, shareWith, role, cancellationToken);
        return calendarId;
    }

    /// <summary>Shares a calendar with a user as <paramref name="role"/> (<c>none</c> unshares), through the emulator's admin path.</summary>
    public async Task ShareAsync(string calendarId, string user, string role, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseUri };
        using var shared = await http.PostAsJsonAsync($"emulator/calendars/{Uri.EscapeDataString(calendarId)}/share", new { user, role }, cancellationToken);
        shared.EnsureSuccessStatusCode();
    }

    /// <summary>The user takes a calendar off their calendar list in Google Calendar (unsubscribes); their access stays.</summary>
    public async Task UnsubscribeAsync(string user, string calendarId, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseUri };
        using var answer = await http.DeleteAsync($"emulator/users/{Uri.EscapeDataString(user)}/calendarList/{Uri.EscapeDataString(calendarId)}", cancellationToken);
        answer.EnsureSuccessStatusCode();
    }

    /// <summary>A calendar's owner deletes it in Google Calendar.</summary>
    public async Task DeleteCalendarAsync(string calendarId, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseUri };
        using var answer = await http.DeleteAsync($"emulator/calendars/{Uri.EscapeDataString(calendarId)}", cancellationToken);
        answer.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
