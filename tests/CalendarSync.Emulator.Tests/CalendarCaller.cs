using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CalendarSync.Testing;

namespace CalendarSync.Emulator.Tests;

/// <summary>Calls the emulator over real HTTP as one user, the way a Calendar client does.</summary>
internal sealed class CalendarCaller : IDisposable
{
    public const string Events = "calendar/v3/calendars/primary/events";

    private readonly HttpClient _http;

    public CalendarCaller(Uri baseUri, string? accessToken)
    {
        _http = new HttpClient { BaseAddress = baseUri };
        if (accessToken is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }
    }

    public EmulatorUser? User { get; private init; }

    /// <summary>
    /// A new user on that emulator, and a caller with their access token; its scopes are Google Calendar's own (every
    /// method), unless a test of the scope checks asks for others.
    /// </summary>
    public static async Task<CalendarCaller> ForNewUserAsync(Uri baseUri, string timeZone = "Europe/Berlin", string scope = EmulatorFixture.FullScope)
    {
        var user = await EmulatorFixture.CreateUserAsync(baseUri, timeZone: timeZone, scope: scope, cancellationToken: TestContext.Current.CancellationToken);
        return new CalendarCaller(baseUri, user.AccessToken) { User = user };
    }

    /// <summary>The events collection of a calendar by id.</summary>
    public static string EventsOf(string calendarId) => $"calendar/v3/calendars/{Uri.EscapeDataString(calendarId)}/events";

    /// <summary>calendars.insert: a new secondary calendar of this user; its id.</summary>
    public async Task<string> CreateCalendarAsync(string summary, string? timeZone = null)
    {
        var answer = await SendAsync(HttpMethod.Post, "calendar/v3/calendars", new Dictionary<string, string?> { ["summary"] = summary, ["timeZone"] = timeZone }
            .Where(p => p.Value is not null).ToDictionary());
        return answer.Text("id");
    }

    public Task<Answer> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<Answer> InsertAsync(object body) => SendAsync(HttpMethod.Post, Events, body);

    public Task<Answer> PatchAsync(string eventId, object body, string? ifMatch = null) =>
        SendAsync(HttpMethod.Patch, $"{Events}/{eventId}", body, ifMatch);

    public Task<Answer> DeleteAsync(string eventId, string? ifMatch = null) =>
        SendAsync(HttpMethod.Delete, $"{Events}/{eventId}", null, ifMatch);

    public Task<Answer> ListAsync(string query = "") => GetAsync($"{Events}?{query}");

    public async Task<Answer> SendAsync(HttpMethod method, string path, object? body = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, path);
        return await SendAsync(request, body, ifMatch);
    }

    public async Task<Answer> SendAsync(HttpRequestMessage request, object? body = null, string? ifMatch = null)
    {
        if (body is not null)
        {
            request.Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var json = text.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/json" ? JsonNode.Parse(text) : null;
        return new Answer(response.StatusCode, json, response);
    }

    /// <summary>A timed event body in Berlin time.</summary>
    public static object Timed(string? id, string start, string end, string summary = "Appointment", object? extra = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["summary"] = summary,
            ["start"] = new { dateTime = start, timeZone = "Europe/Berlin" },
            ["end"] = new { dateTime = end, timeZone = "Europe/Berlin" },
        };
        if (id is not null)
        {
            body["id"] = id;
        }

        if (extra is not null)
        {
            foreach (var (name, value) in JsonSerializer.SerializeToNode(extra)!.AsObject())
            {
                body[name] = value?.DeepClone();
            }
        }

        return body;
    }

    public void Dispose() => _http.Dispose();
}
