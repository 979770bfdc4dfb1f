using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using CalendarSync.Azure.Storage;
using CalendarSync.Azure.Sync;
using CalendarSync.Functions.Http;
using CalendarSync.Functions.Tests.Http;
using CalendarSync.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Primitives;

namespace CalendarSync.Functions.Tests;

/// <summary>
/// The function app's services as the host builds them, from the sample settings, against the real Azurite and the
/// Google emulator; function classes are created from them as the host does for each invocation.
/// </summary>
internal sealed class FunctionApp : IDisposable
{
    private readonly ServiceProvider _services;

    /// <param name="azurite">The Azure Storage the app uses.</param>
    /// <param name="emulator">The Google the app talks to.</param>
    /// <param name="queueName">A queue of the test's own, so that what it reads there is only its own requests.</param>
    /// <param name="options">Settings and services the test needs beyond the sample's.</param>
    public FunctionApp(AzuriteFixture azurite, EmulatorFixture emulator, string queueName = SyncQueueNames.Default, FunctionAppOptions? options = null)
    {
        var settings = TestSettings.For(azurite.ConnectionString, emulator.BaseUri);
        settings["Google__NotificationUri"] = options?.NotificationUri?.AbsoluteUri ?? "";
        foreach (var (key, value) in options?.Settings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        Settings = settings;
        var configuration = TestSettings.Configuration(settings);
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        if (options?.TelemetryChannel is { } channel)
        {
            services.AddSingleton(channel);
            services.AddCalendarSyncTelemetry(o =>
            {
                o.ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/";
                o.EnableAdaptiveSampling = false;
            });
        }

        services.AddCalendarSyncServices(configuration, new DevelopmentEnvironment());
        services.AddSingleton(new SyncQueueNames(queueName));

        // What the Functions ASP.NET Core integration adds to execute the functions' results.
        services.AddMvcCore();
        if (options?.OwnTables == true)
        {
            var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
            services.AddSingleton(new StorageTables(new TableServiceClient(azurite.ConnectionString), prefix));
        }

        if (options?.Clock is { } clock)
        {
            services.AddSingleton<TimeProvider>(clock);
        }

        if (options?.Telemetry is { } telemetry)
        {
            services.AddSingleton(telemetry);
        }

        options?.Services?.Invoke(services);
        _services = services.BuildServiceProvider();
        Queue = new QueueClient(azurite.ConnectionString, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        PoisonQueue = new QueueClient(azurite.ConnectionString, queueName + "-poison", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
    }

    public QueueClient Queue { get; }

    public QueueClient PoisonQueue { get; }

    /// <summary>The settings the app was built from.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    public T Function<T>() => ActivatorUtilities.CreateInstance<T>(_services);

    public T Service<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>The body the host writes for <paramref name="result"/>.</summary>
    public Task<string> WrittenAsync(IActionResult result) => ActionResults.WrittenAsync(_services, result);

    /// <summary>
    /// The whole connect as the appointment system and the staff member's browser go: a connect link for
    /// <paramref name="email"/>, its page, its button, the emulator's consent (as <paramref name="signInAs"/>, the link's
    /// account by default), the callback; answers the callback's page.
    /// </summary>
    public async Task<ContentResult> ConnectAsync(string staffId, string email, CancellationToken cancellationToken, string? signInAs = null)
    {
        var consentUrl = await StartConsentAsync(await CreateLinkAsync(staffId, email), cancellationToken);
        var query = await ConsentFlow.ConsentAsync(consentUrl, signInAs, cancellationToken);
        return Assert.IsType<PageResult>(await Function<OAuthFunction>().OAuthCallback(
            Get("/api/calendar/oauth/callback", ("state", query["state"]), ("code", query["code"]), ("error", query["error"]))));
    }

    /// <summary>POST calendar/connect-links, as the appointment system asks; answers the link.</summary>
    public async Task<Uri> CreateLinkAsync(string staffId, string? email)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(new { staffId, email });
        var answer = Assert.IsType<OkObjectResult>(await Function<ConnectLinksFunction>().CreateConnectLink(Post("/api/calendar/connect-links", body)));
        return new Uri((string)JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(answer.Value))!["url"]!);
    }

    /// <summary>The link's page (which must offer the button), then the button's POST; answers Google's consent address.</summary>
    public async Task<Uri> StartConsentAsync(Uri link, CancellationToken cancellationToken)
    {
        var token = ConsentFlow.LinkToken(link);
        var page = Assert.IsType<PageResult>(await Function<OAuthFunction>().ConnectPage(Get(link.AbsolutePath, ("link", token))));
        Assert.Equal(200, page.StatusCode);
        Assert.Contains("<form method=\"post\"", page.Content, StringComparison.Ordinal);
        cancellationToken.ThrowIfCancellationRequested();
        var redirect = Assert.IsType<RedirectResult>(await Function<OAuthFunction>().StartConsent(Form(link.AbsolutePath, ("link", token))));
        return new Uri(redirect.Url);
    }

    public static HttpRequest Get(string path, params (string Name, string? Value)[] query)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.Method = "GET";
        context.Request.Path = path;
        context.Request.Query = new QueryCollection(query.Where(q => q.Value is not null).ToDictionary(q => q.Name, q => new StringValues(q.Value)));
        return context.Request;
    }

    public static HttpRequest Post(string path, string? body)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.Method = "POST";
        context.Request.Path = path;
        var bytes = Encoding.UTF8.GetBytes(body ?? "");
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        context.Request.ContentType = "application/json";
        return context.Request;
    }

    /// <summary>A form POST, as a browser sends a page's form.</summary>
    public static HttpRequest Form(string path, params (string Name, string? Value)[] fields)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.Method = "POST";
        context.Request.Path = path;
        var bytes = Encoding.UTF8.GetBytes(string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Name)}={Uri.EscapeDataString(f.Value ?? "")}")));
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        context.Request.ContentType = "application/x-www-form-urlencoded";
        return context.Request;
    }

    /// <summary>The staff ids of the sync requests waiting in the queue (read without taking them).</summary>
    public async Task<List<JsonNode>> QueuedAsync(CancellationToken cancellationToken)
    {
        await Queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var peeked = await Queue.PeekMessagesAsync(32, cancellationToken);
        return peeked.Value.Select(m => JsonNode.Parse(m.Body.ToString())!).ToList();
    }

    /// <summary>Takes every message visible in the app's queue, as the queue trigger would.</summary>
    public async Task<List<string>> TakeQueuedAsync(CancellationToken cancellationToken)
    {
        await Queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var taken = new List<string>();
        while ((await Queue.ReceiveMessagesAsync(32, cancellationToken: cancellationToken)).Value is { Length: > 0 } messages)
        {
            foreach (var message in messages)
            {
                taken.Add(message.Body.ToString());
                await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            }
        }

        return taken;
    }

    public void Dispose() => _services.Dispose();

    internal sealed class DevelopmentEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Development;

        public string ApplicationName { get; set; } = "CalendarSync.Functions";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
