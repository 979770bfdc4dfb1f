using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace CalendarSync.Emulator.Measuring;

/// <summary>
/// <c>measure</c> mode: starts the emulator in-process and drives it over loopback HTTP with concurrent
/// callers, for the requests a sync run makes most: events.list with a sync token, and events.insert.
/// Caller and emulator share the machine, so the figures are a floor for the emulator alone.
/// </summary>
public static class ThroughputMeasurement
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = Option(args, "--seconds", 10);
        var concurrency = Option(args, "--concurrency", 16);
        var users = Option(args, "--users", 8);
        var warmUp = Option(args, "--warm-up", 5);

        await using var host = await EmulatorHost.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseCookies = false })
        {
            BaseAddress = host.BaseUri,
        };

        var tokens = new List<string>();
        for (var u = 0; u < users; u++)
        {
            var created = await http.PostAsJsonAsync("emulator/users", new { email = $"bench-{u}@example.com", timeZone = "Europe/Berlin" });
            var token = (await created.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
            for (var e = 0; e < 20; e++)
            {
                using var insert = Request(HttpMethod.Post, "calendar/v3/calendars/primary/events", token, Event($"seed{u:D3}{e:D4}"));
                (await http.SendAsync(insert)).EnsureSuccessStatusCode();
            }

            tokens.Add(token);
        }

        Console.WriteLine($"emulator at {host.BaseUri}, {concurrency} concurrent callers, {users} calendars, {seconds} s per operation after {warmUp} s of warm-up each, {Environment.ProcessorCount} cores");
        Console.WriteLine("| operation | requests | req/s | p50 ms | p99 ms | errors |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");

        var syncTokens = new string[users];
        HttpRequestMessage List(int worker, int n) =>
            Request(HttpMethod.Get, $"calendar/v3/calendars/primary/events?syncToken={syncTokens[worker % users]}", tokens[worker % users]);
        Func<int, int, HttpRequestMessage> Insert(string prefix) => (worker, n) =>
            Request(HttpMethod.Post, "calendar/v3/calendars/primary/events", tokens[worker % users], Event($"{prefix}{worker:D3}n{n:D9}"));

        // Warm-up first, so that tiered JIT has optimized the hot paths before anything is counted. The
        // sync tokens are taken after the warm-up's inserts: a sync run with nothing new is the case measured.
        await DriveAsync(http, concurrency, TimeSpan.FromSeconds(warmUp), Insert("h"));
        for (var u = 0; u < users; u++)
        {
            syncTokens[u] = await FullSyncAsync(http, tokens[u]);
        }

        await DriveAsync(http, concurrency, TimeSpan.FromSeconds(warmUp), List);

        Report("events.list (syncToken)", await DriveAsync(http, concurrency, TimeSpan.FromSeconds(seconds), List));
        Report("events.insert", await DriveAsync(http, concurrency, TimeSpan.FromSeconds(seconds), Insert("i")));
        return 0;
    }

    /// <summary>Pages through the whole calendar, as a first sync does, and returns its nextSyncToken.</summary>
    private static async Task<string> FullSyncAsync(HttpClient http, string token)
    {
        string? pageToken = null;
        while (true)
        {
            var query = "maxResults=2500" + (pageToken is null ? string.Empty : "&pageToken=" + pageToken);
            using var list = Request(HttpMethod.Get, "calendar/v3/calendars/primary/events?" + query, token);
            using var response = await http.SendAsync(list);
            var page = await response.Content.ReadFromJsonAsync<JsonObject>();
            if (page!["nextSyncToken"] is { } syncToken)
            {
                return syncToken.GetValue<string>();
            }

            pageToken = page["nextPageToken"]!.GetValue<string>();
        }
    }

    private static async Task<(int Requests, int Errors, double Seconds, List<double> Latencies)> DriveAsync(
        HttpClient http, int concurrency, TimeSpan duration, Func<int, int, HttpRequestMessage> next)
    {
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var latencies = new List<double>();
            var errors = 0;
            for (var n = 0; clock.Elapsed < duration; n++)
            {
                using var request = next(worker, n);
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                await response.Content.LoadIntoBufferAsync();
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                errors += response.StatusCode == HttpStatusCode.OK ? 0 : 1;
            }

            return (latencies, errors);
        })).ToList();
        var results = await Task.WhenAll(workers);
        var all = results.SelectMany(r => r.latencies).Order().ToList();
        return (all.Count, results.Sum(r => r.errors), clock.Elapsed.TotalSeconds, all);
    }

    private static void Report(string operation, (int Requests, int Errors, double Seconds, List<double> Latencies) run)
    {
        var p50 = run.Latencies[run.Latencies.Count / 2];
        var p99 = run.Latencies[(int)(run.Latencies.Count * 0.99)];
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {operation} | {run.Requests} | {run.Requests / run.Seconds:F0} | {p50:F2} | {p99:F2} | {run.Errors} |"));
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string token, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return request;
    }

    private static string Event(string id) =>
        "{\"id\":\"" + id + "\",\"summary\":\"Appointment\"," +
        "\"start\":{\"dateTime\":\"2026-05-04T10:00:00\",\"timeZone\":\"Europe/Berlin\"}," +
        "\"end\":{\"dateTime\":\"2026-05-04T11:00:00\",\"timeZone\":\"Europe/Berlin\"}," +
        "\"extendedProperties\":{\"private\":{\"calendarSyncKey\":\"appointment:" + id + "\"}}}";

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }
}
