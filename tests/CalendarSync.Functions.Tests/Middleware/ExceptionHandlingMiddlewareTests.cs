using System.Collections.Immutable;
using System.Text.Json.Nodes;
using CalendarSync.Functions.Middleware;
using CalendarSync.Functions.Tests.Hostile;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Tests.Middleware;

public sealed class ExceptionHandlingMiddlewareTests : IDisposable
{
    private readonly RecordingLogs _logs = new();
    private readonly ILoggerFactory _loggers;
    private readonly ExceptionHandlingMiddleware _middleware;

    public ExceptionHandlingMiddlewareTests()
    {
        _loggers = LoggerFactory.Create(b => b.AddProvider(_logs));
        _middleware = new ExceptionHandlingMiddleware(_loggers.CreateLogger<ExceptionHandlingMiddleware>());
    }

    [Fact]
    public async Task Invoke_HttpFunctionFails_Answers500ProblemWithItsInvocationIdAndNoInternals()
    {
        var http = new DefaultHttpContext();
        using var body = new MemoryStream();
        http.Response.Body = body;

        await _middleware.Invoke(new Context(http), _ => throw new InvalidOperationException("AccountKey=c2VjcmV0 in the connection string"));

        Assert.Equal(StatusCodes.Status500InternalServerError, http.Response.StatusCode);
        Assert.StartsWith("application/problem+json", http.Response.ContentType, StringComparison.Ordinal);
        var written = System.Text.Encoding.UTF8.GetString(body.ToArray());
        var problem = JsonNode.Parse(written)!;
        Assert.Equal((500, "inv-1"), ((int)problem["status"]!, (string?)problem["invocationId"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]));
        Assert.DoesNotContain("AccountKey", written, StringComparison.Ordinal);
        var logged = Assert.Single(_logs.Lines, l => l.Level == LogLevel.Error);
        Assert.Contains("AccountKey", logged.Exception, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_QueueFunctionFails_IsLoggedAndRethrownForTheHostsRetries()
    {
        var failure = new InvalidOperationException("transient");

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => _middleware.Invoke(new Context(http: null), _ => throw failure));

        Assert.Same(failure, thrown);
        Assert.Single(_logs.Lines, l => l.Level == LogLevel.Error);
    }

    public void Dispose() => _loggers.Dispose();

    /// <summary>A function invocation as the worker hands it to middleware: its id, its function's name, and (for HTTP) its HttpContext.</summary>
    private sealed class Context : FunctionContext
    {
        public Context(HttpContext? http)
        {
            if (http is not null)
            {
                // Where the ASP.NET Core integration keeps it (FunctionContextExtensions.GetHttpContext reads it there).
                Items["HttpRequestContext"] = http;
            }
        }

        public override string InvocationId => "inv-1";

        public override string FunctionId => "f-1";

        public override TraceContext TraceContext => throw new NotSupportedException();

        public override BindingContext BindingContext => throw new NotSupportedException();

        public override RetryContext RetryContext => throw new NotSupportedException();

        public override IServiceProvider InstanceServices { get; set; } = new ServiceCollection().BuildServiceProvider();

        public override FunctionDefinition FunctionDefinition { get; } = new Definition();

        public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

        public override IInvocationFeatures Features => throw new NotSupportedException();
    }

    private sealed class Definition : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters => [];

        public override string PathToAssembly => "calendarsync.dll";

        public override string EntryPoint => "Test.Function";

        public override string Id => "f-1";

        public override string Name => "TestFunction";

        public override IImmutableDictionary<string, BindingMetadata> InputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
    }
}
