using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CalendarSync.Azure.Storage;
using CalendarSync.Azure.Sync;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Data;
using CalendarSync.Functions.Http;
using CalendarSync.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace CalendarSync.Functions.Tests.Http;

/// <summary>
/// The data API as the host runs it: the app's own registrations with the sample settings, storage on Azurite, in
/// tables and a queue of its own (a closure queues every connection: only this host's may be in its tables).
/// </summary>
internal sealed class DataApiHost : IDisposable
{
    private readonly ServiceProvider _provider;

    public DataApiHost(AzuriteFixture azurite)
    {
        var settings = TestSettings.Sample();
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        var configuration = TestSettings.Configuration(settings);
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddCalendarSyncServices(configuration, new DevelopmentEnvironment());
        services.AddSingleton(new StorageTables(new TableServiceClient(azurite.ConnectionString), "t" + Guid.NewGuid().ToString("N")[..12]));
        services.AddSingleton(new SyncQueueNames(QueueName));
        services.AddMvcCore();
        _provider = services.BuildServiceProvider();
        Function = ActivatorUtilities.CreateInstance<DataApiFunction>(_provider);
    }

    public DataApiFunction Function { get; }

    /// <summary>The app's services on this host's tables, for functions other than the data API's.</summary>
    public IServiceProvider Services => _provider;

    /// <summary>The queue this host's syncs go to.</summary>
    public string QueueName { get; } = "data-" + Guid.NewGuid().ToString("N")[..12];

    public AppointmentDataService Data => _provider.GetRequiredService<AppointmentDataService>();

    public IConnectionStore Connections => _provider.GetRequiredService<IConnectionStore>();

    /// <summary>The appointment store itself, for data only the sync writes (Google-origin blocks).</summary>
    public IAppointmentData Store => _provider.GetRequiredService<IAppointmentData>();

    public static HttpRequest Request(string method, string? body = null, string query = "", long? contentLength = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        var bytes = Encoding.UTF8.GetBytes(body ?? string.Empty);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = contentLength ?? bytes.Length;
        context.Request.ContentType = "application/json";
        context.Request.QueryString = new QueryString(query);
        return context.Request;
    }

    /// <summary>The status code and the JSON body the host would write for a result.</summary>
    public static (int Status, JsonNode? Body) Read(IActionResult result) => result switch
    {
        ObjectResult o => (o.StatusCode ?? StatusCodes.Status200OK, JsonSerializer.SerializeToNode(o.Value, JsonSerializerOptions.Web)),
        StatusCodeResult s => (s.StatusCode, null),
        _ => throw new Xunit.Sdk.XunitException($"Unexpected result {result.GetType().Name}."),
    };

    /// <summary>The body the host writes for <paramref name="result"/>.</summary>
    public Task<string> WrittenAsync(IActionResult result) => ActionResults.WrittenAsync(_provider, result);

    public void Dispose() => _provider.Dispose();

    private sealed class DevelopmentEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Development;

        public string ApplicationName { get; set; } = "CalendarSync.Functions";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
