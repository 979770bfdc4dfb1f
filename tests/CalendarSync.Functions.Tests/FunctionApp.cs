using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using CalendarSync.Testing;
using Microsoft.AspNetCore.Http;
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
    /// <param name="settings">Settings over the sample's (names as in the sample, with <c>__</c>).</param>
    /// <param name="services">Registrations over the app's own, made last so they win.</param>
    public FunctionApp(
        AzuriteFixture azurite,
        EmulatorFixture emulator,
        string queueName = "calendar-sync",
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")))!;
        var values = sample["Values"]!.AsObject().ToDictionary(p => p.Key, p => (string?)p.Value);
        values["AzureWebJobsStorage"] = azurite.ConnectionString;
        values["Sync__QueueName"] = queueName;
        values["Google__ApiRootUri"] = emulator.BaseUri.AbsoluteUri;
        values["Google__AuthorizationEndpoint"] = new Uri(emulator.BaseUri, "o/oauth2/v2/auth").AbsoluteUri;
        values["Google__TokenEndpoint"] = new Uri(emulator.BaseUri, "token").AbsoluteUri;
        values["Google__RevokeEndpoint"] = new Uri(emulator.BaseUri, "revoke").AbsoluteUri;
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            values[name] = value;
        }

        Settings = values;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(p => KeyValuePair.Create(p.Key.Replace("__", ":", StringComparison.Ordinal), p.Value)))
            .Build();
        var collection = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        collection.AddCalendarSyncServices(configuration, new DevelopmentEnvironment());
        services?.Invoke(collection);
        _services = collection.BuildServiceProvider();
        Queue = new QueueClient(azurite.ConnectionString, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
    }

    public QueueClient Queue { get; }

    /// <summary>The settings the app was built from.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    public T Function<T>() => ActivatorUtilities.CreateInstance<T>(_services);

    public T Service<T>()
        where T : notnull => _services.GetRequiredService<T>();

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

    /// <summary>The staff ids of the sync requests waiting in the queue (read without taking them).</summary>
    public async Task<List<JsonNode>> QueuedAsync(CancellationToken cancellationToken)
    {
        await Queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var peeked = await Queue.PeekMessagesAsync(32, cancellationToken);
        return peeked.Value.Select(m => JsonNode.Parse(m.Body.ToString())!).ToList();
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
