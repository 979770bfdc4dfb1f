using System.Net.Http.Json;
using CalendarSync.Core.Domain;
using CalendarSync.Google.Auth;
using CalendarSync.Google.Calendar;
using CalendarSync.Google.Http;
using CalendarSync.Google.Sync;
using CalendarSync.Testing;

namespace CalendarSync.Google.Tests.Fakes;

/// <summary>Our real Google client pointed at an emulator, with a staff member's grant in an in-memory vault.</summary>
internal sealed class EmulatorGoogle : IDisposable
{
    public static readonly GoogleRetryOptions FastRetries = new()
    {
        MaxAttempts = 4,
        BaseDelay = TimeSpan.FromMilliseconds(5),
        MaxDelay = TimeSpan.FromMilliseconds(20),
    };

    public EmulatorGoogle(Uri emulator, TimeProvider? clock = null, TimeSpan? requestTimeout = null)
    {
        Emulator = emulator;
        Clock = clock ?? TimeProvider.System;
        Options = TestSettings.Google(emulator);
        Options.Retry = FastRetries;
        Options.RequestTimeout = requestTimeout ?? Options.RequestTimeout;
        OAuth = new GoogleOAuthClient(Options, Vault, Clock);
        Services = new CalendarServiceFactory(Options, Clock);
    }

    public Uri Emulator { get; }

    public TimeProvider Clock { get; }

    public GoogleOptions Options { get; }

    public InMemoryRefreshTokenStore Vault { get; } = new();

    public GoogleOAuthClient OAuth { get; }

    public CalendarServiceFactory Services { get; }

    /// <summary>CalendarSync's consent with calendar.app.created added, as a staff member who has CalendarSync make a "Bookings" calendar grants.</summary>
    public const string WithCreatedCalendars = EmulatorFixture.ProductScopes + " " + EmulatorFixture.AppCreatedScope;

    /// <summary>CalendarSync's consent with free/busy added, as a staff member who reads calendars as busy times grants.</summary>
    public const string WithBusyTimes = EmulatorFixture.ProductScopes + " " + EmulatorFixture.FreeBusyScope;

    /// <summary>A new staff member on the emulator, connected with CalendarSync's own consent: their refresh token in the vault.</summary>
    public Task<(EmulatorUser User, CalendarConnection Connection)> ConnectAsync(CancellationToken cancellationToken) =>
        ConnectAsync(EmulatorFixture.ProductScopes, cancellationToken);

    /// <summary>A colleague who uses Google Calendar itself (every scope), with a connection only so tests can act as them.</summary>
    public Task<(EmulatorUser User, CalendarConnection Connection)> ColleagueAsync(CancellationToken cancellationToken) =>
        ConnectAsync(EmulatorFixture.FullScope, cancellationToken);

    /// <summary>A new staff member on the emulator, connected with a grant of <paramref name="scope"/>: their refresh token in the vault.</summary>
    public async Task<(EmulatorUser User, CalendarConnection Connection)> ConnectAsync(string scope, CancellationToken cancellationToken)
    {
        var user = await EmulatorFixture.CreateUserAsync(Emulator, scope: scope, cancellationToken: cancellationToken);
        var staffId = "staff-" + Guid.NewGuid().ToString("N")[..12];
        Vault.Tokens[staffId] = user.RefreshToken;
        return (user, new CalendarConnection(staffId, user.Email));
    }

    /// <summary>The calendar through the production provider.</summary>
    public Task<Core.Calendar.ICalendar> OpenAsync(CalendarConnection connection, CancellationToken cancellationToken) =>
        new GoogleCalendarProvider(OAuth, Services, Options, Clock).OpenAsync(connection, cancellationToken);

    /// <summary>Another calendar of the connection, by id, through the production provider.</summary>
    public Task<Core.Calendar.ICalendar> OpenAsync(CalendarConnection connection, string calendarId, CancellationToken cancellationToken) =>
        new GoogleCalendarProvider(OAuth, Services, Options, Clock).OpenAsync(connection, calendarId, cancellationToken);

    /// <summary>The staff member's calendars through the production directory.</summary>
    public GoogleCalendarDirectory Directory() => new(OAuth, Services);

    /// <summary>Shares a calendar with a user through the emulator's admin path (role <c>none</c>: unshares).</summary>
    public async Task ShareAsync(string calendarId, string email, string role, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Emulator };
        using var response = await http.PostAsJsonAsync($"emulator/calendars/{Uri.EscapeDataString(calendarId)}/share", new { user = email, role }, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The calendar with handles on its retry handler and batch, for tests that count.</summary>
    public async Task<(GoogleCalendar Calendar, GoogleRetryHandler Retry, CalendarBatch Batch)> OpenCountingAsync(
        CalendarConnection connection, CancellationToken cancellationToken)
    {
        var credential = await OAuth.GetCredentialAsync(connection.StaffId, cancellationToken)
            ?? throw new InvalidOperationException("No grant in the vault.");
        var retry = new GoogleRetryHandler(FastRetries, Clock);
        var service = Services.Create(credential, retry);
        var batch = new CalendarBatch(service, FastRetries, Clock);
        return (new GoogleCalendar(service, connection.CalendarId, batch), retry, batch);
    }

    public async Task InjectAsync(object fault, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Emulator };
        using var response = await http.PostAsJsonAsync("emulator/faults", fault, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose()
    {
        OAuth.Dispose();
        Services.Dispose();
    }
}
