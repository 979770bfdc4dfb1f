using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Security.KeyVault.Secrets;
using Azure.Storage.Queues;
using CalendarSync.Azure.Secrets;
using CalendarSync.Azure.Storage;
using CalendarSync.Core.Connections;
using CalendarSync.Functions.Http;
using CalendarSync.Functions.Sync;
using CalendarSync.Functions.Tests.Hostile;
using CalendarSync.Functions.Tests.Http;
using CalendarSync.Testing;
using CalendarSync.Testing.KeyVault;
using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CalendarSync.Functions.Tests.Security;

/// <summary>
/// The whole life of a connection (connect, first sync, a data API put, a sync, disconnect) with refresh tokens in Key
/// Vault (the stand-in, over HTTPS), while everything the app writes elsewhere is kept: every log line at every level
/// with its exception text, every HTTP answer the functions gave (body, status, headers), every entity of every table
/// in Azurite, every queue message, and every Application Insights item the worker would send (dependency telemetry keeps
/// full URLs). None of it may hold a code or token the emulator issued, or the client secret: raw, URL-encoded or base64.
/// </summary>
public sealed class TokenLeakTests(AzuriteFixture azurite, EmulatorFixture emulator) : IAsyncLifetime
{
    private readonly RecordingLogs _logs = new();
    private readonly RecordingTelemetryChannel _telemetry = new();
    private readonly List<string> _answers = [];
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..10];
    private KeyVaultStandIn _vault = null!;
    private FunctionApp _app = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _vault = await KeyVaultStandIn.StartAsync(Cancel);
        var options = new SecretClientOptions { Transport = _vault.CreateTransport() };
        KeyVaultRefreshTokenStore.ConfigureClient(options);
        var secrets = new SecretClient(_vault.VaultUri, _vault.Credential, options);
        _app = new FunctionApp(
            azurite,
            emulator,
            _prefix + "-sync",
            new FunctionAppOptions
            {
                TelemetryChannel = _telemetry,
                Services = services =>
                {
                    services.AddLogging(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));

                    services.AddSingleton(sp => new StorageTables(sp.GetRequiredService<TableServiceClient>(), _prefix));
                    services.AddSingleton<IRefreshTokenStore>(sp => new KeyVaultRefreshTokenStore(
                        secrets, Options.Create(new KeyVaultOptions { VaultUri = _vault.VaultUri }), TimeProvider.System,
                        sp.GetRequiredService<ILogger<KeyVaultRefreshTokenStore>>()));
                },
            });
    }

    public async ValueTask DisposeAsync()
    {
        _app.Dispose();
        await _vault.DisposeAsync();
    }

    [Fact]
    public async Task EndToEnd_ConnectSyncPutSyncRevoke_NoTokenOrSecretOutsideKeyVault()
    {
        var user = await emulator.CreateUserAsync(cancellationToken: Cancel);
        var staffId = "leak-" + Guid.NewGuid().ToString("N")[..8];

        _ = _app.Service<TelemetryConfiguration>();
        var ask = FunctionApp.Post("/api/calendar/connect-links", JsonSerializer.Serialize(new { staffId, email = user.Email }));
        var link = JsonNode.Parse(JsonSerializer.Serialize(Assert.IsType<OkObjectResult>(Keep(ask, await _app.Function<ConnectLinksFunction>().CreateConnectLink(ask))).Value))!;
        var token = ConsentFlow.LinkToken(new Uri((string)link["url"]!));
        var page = FunctionApp.Get("/api/calendar/connect", ("link", token));
        Keep(page, await _app.Function<OAuthFunction>().ConnectPage(page));
        var button = FunctionApp.Form("/api/calendar/connect", ("link", token));
        var redirect = Assert.IsType<RedirectResult>(Keep(button, await _app.Function<OAuthFunction>().StartConsent(button)));
        var query = await ConsentFlow.ConsentAsync(new Uri(redirect.Url), signInAs: null, Cancel);
        var callback = FunctionApp.Get("/api/calendar/oauth/callback", ("state", query["state"]), ("code", query["code"]));
        Assert.Equal(200, Assert.IsType<PageResult>(Keep(callback, await _app.Function<OAuthFunction>().OAuthCallback(callback))).StatusCode);

        await RunQueuedAsync(staffId, "connect");
        var put = DataApiHost.Request("PUT", """{"start":"2026-12-03T09:00:00+01:00","end":"2026-12-03T10:00:00+01:00","customerName":"Jane Doe"}""", "?sync=now");
        Assert.Equal(202, DataApiHost.Read(Keep(put, await _app.Function<DataApiFunction>().PutAppointment(put, staffId, "a-leak"))).Status);
        await RunQueuedAsync(staffId, "manual");
        var status = FunctionApp.Get("/api/calendar/sync-status", ("pageSize", "1000"));
        Keep(status, await _app.Function<SyncStatusFunction>().SyncStatus(status));
        var disconnect = DataApiHost.Request("DELETE", query: "?removeEvents=true");
        Assert.Equal(204, DataApiHost.Read(Keep(disconnect, await _app.Function<ConnectionsFunction>().Disconnect(disconnect, staffId, Cancel))).Status);

        var secrets = await IssuedToAsync(user.Email);
        Assert.Contains(secrets, s => s.Kind == "authorizationCode");
        Assert.True(_vault.Writes > 0, "The refresh token never reached Key Vault: the scan would prove nothing.");
        var written = await EverythingWrittenAsync();
        Assert.True(_logs.Lines.Count > 20 && _answers.Count == 7, $"Too little was captured ({_logs.Lines.Count} log lines, {_answers.Count} answers).");
        Assert.Contains(_telemetry.Items, t => t is DependencyTelemetry { Data: { } data } && data.StartsWith(_app.Settings["Google__RevokeEndpoint"]!, StringComparison.Ordinal));
        Assert.Contains(_telemetry.Items, t => t is DependencyTelemetry { Data: { } data } && data.StartsWith(_app.Settings["Google__TokenEndpoint"]!, StringComparison.Ordinal));
        Assert.Contains(_logs.Lines, l => l.Category.StartsWith("Azure.", StringComparison.Ordinal));
        Assert.Contains(_logs.Lines, l => l.Category.StartsWith("CalendarSync.", StringComparison.Ordinal));

        Assert.Empty(Leaks(written, secrets));

        // The scan itself can fail: a token planted in each place is found there.
        var refreshToken = secrets.First(s => s.Kind == "refreshToken");
        _app.Service<ILogger<TokenLeakTests>>().LogDebug("planted {Token}", refreshToken.Value);
        var table = new TableClient(azurite.ConnectionString, _prefix + "Planted");
        await table.CreateIfNotExistsAsync(Cancel);
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Token"] = secrets.First(s => s.Kind == "accessToken").Value }, Cancel);
        var queue = new QueueClient(azurite.ConnectionString, _prefix + "-planted");
        await queue.CreateIfNotExistsAsync(cancellationToken: Cancel);
        await queue.SendMessageAsync("{\"code\":\"" + secrets.First(s => s.Kind == "authorizationCode").Value + "\"}", Cancel);
        _answers.Add("planted answer " + _app.Settings["Google__ClientSecret"]);
        _app.Service<TelemetryClient>().TrackDependency(
            "HTTP", "planted.example", "GET /x", "https://planted.example/x?token=" + Uri.EscapeDataString(refreshToken.Value),
            DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(1), "200", success: true);

        var found = Leaks(await EverythingWrittenAsync(), secrets).Select(l => l.Split(':')[0]).Distinct().Order().ToList();

        Assert.Equal(["answer", "log", "queue", "table", "telemetry"], found);
    }

    private async Task RunQueuedAsync(string staffId, string reason)
    {
        var message = (await _app.Queue.PeekMessagesAsync(32, Cancel)).Value.Select(m => m.Body.ToString())
            .Last(body => (string?)JsonNode.Parse(body)!["staffId"] == staffId && (string?)JsonNode.Parse(body)!["reason"] == reason);
        await _app.Function<SyncStaffCalendarFunction>().SyncStaffCalendar(message, Cancel);
    }

    /// <summary>Keeps what the host would send back for a result: status, headers, body.</summary>
    private IActionResult Keep(HttpRequest request, IActionResult result)
    {
        var headers = string.Join("\n", request.HttpContext.Response.Headers.Select(h => $"{h.Key}: {h.Value}"));
        var answer = result switch
        {
            RedirectResult r => $"302 Location: {r.Url}",
            ContentResult c => $"{c.StatusCode} Content-Type: {c.ContentType}\n{c.Content}",
            ObjectResult o => $"{o.StatusCode} {JsonSerializer.Serialize(o.Value, JsonSerializerOptions.Web)}",
            StatusCodeResult s => s.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new Xunit.Sdk.XunitException($"Unexpected result {result.GetType().Name}."),
        };
        _answers.Add(headers + "\n" + answer);
        return result;
    }

    private async Task<List<IssuedCredential>> IssuedToAsync(string email)
    {
        using var http = new HttpClient { BaseAddress = emulator.BaseUri };
        var all = JsonNode.Parse(await http.GetStringAsync("emulator/credentials", Cancel))!["items"]!.AsArray();
        var issued = all.Where(c => (string?)c!["email"] == email)
            .Select(c => new IssuedCredential((string)c!["kind"]!, (string)c["value"]!)).ToList();
        issued.Add(new IssuedCredential("clientSecret", _app.Settings["Google__ClientSecret"]!));
        return issued;
    }

    /// <summary>Every place the app writes, as (where, text) pairs.</summary>
    private async Task<List<(string Where, string Text)>> EverythingWrittenAsync()
    {
        var written = _logs.Lines.Select(l => ("log", l.ToString())).ToList();
        written.AddRange(_telemetry.Sent().Select(t => ("telemetry", t)));
        written.AddRange(_answers.Select(a => ("answer", a)));
        var tables = new TableServiceClient(azurite.ConnectionString);
        await foreach (var table in tables.QueryAsync(cancellationToken: Cancel))
        {
            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>(cancellationToken: Cancel))
            {
                written.Add(("table", table.Name + " " + string.Join("; ", entity.Select(p => $"{p.Key}={p.Value}"))));
            }
        }

        var queues = new QueueServiceClient(azurite.ConnectionString);
        await foreach (var item in queues.GetQueuesAsync(cancellationToken: Cancel))
        {
            foreach (var message in (await queues.GetQueueClient(item.Name).PeekMessagesAsync(32, Cancel)).Value)
            {
                var body = message.Body.ToString();
                written.Add(("queue", item.Name + " " + body + " " + Decoded(body)));
            }
        }

        return written;
    }

    private static List<string> Leaks(List<(string Where, string Text)> written, List<IssuedCredential> secrets) =>
        [.. from w in written from s in secrets where Forms(s.Value).Any(f => w.Text.Contains(f, StringComparison.Ordinal))
            select $"{w.Where}: {s.Kind} in {w.Text[..Math.Min(300, w.Text.Length)]}"];

    // A token is found however it was written: raw, URL-encoded (both ways .NET does it) or base64 (plain and URL-safe).
    private static string[] Forms(string secret)
    {
        var base64 = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(secret));
        return [secret, Uri.EscapeDataString(secret), System.Net.WebUtility.UrlEncode(secret), base64.TrimEnd('='),
            base64.TrimEnd('=').Replace('+', '-').Replace('/', '_')];
    }

    private static string Decoded(string body)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(body));
        }
        catch (FormatException)
        {
            return "";
        }
    }

    private sealed record IssuedCredential(string Kind, string Value);
}
