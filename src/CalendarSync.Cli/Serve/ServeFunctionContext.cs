using System.Collections.Immutable;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CalendarSync.Cli.Serve;

/// <summary>
/// An invocation as the worker hands it to the app's middleware: its id, its function's name, its services and, for
/// HTTP, the request's <see cref="HttpContext"/> where the ASP.NET Core integration keeps it.
/// </summary>
internal sealed class ServeFunctionContext : FunctionContext
{
    // Where Microsoft.Azure.Functions.Worker.Extensions.Http.AspNetCore keeps it; GetHttpContext() reads it there.
    private const string HttpContextKey = "HttpRequestContext";

    public ServeFunctionContext(AppFunction function, IServiceProvider services, HttpContext? http, CancellationToken cancellationToken)
    {
        FunctionDefinition = new Definition(function);
        InstanceServices = services;
        CancellationToken = cancellationToken;
        if (http is not null)
        {
            Items[HttpContextKey] = http;
        }
    }

    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId => FunctionDefinition.Id;

    public override TraceContext TraceContext => throw new NotSupportedException("calsync serve keeps no trace context.");

    public override BindingContext BindingContext => throw new NotSupportedException("calsync serve binds parameters itself.");

    public override RetryContext RetryContext => throw new NotSupportedException("calsync serve retries through the queue only.");

    public override IServiceProvider InstanceServices { get; set; }

    public override FunctionDefinition FunctionDefinition { get; }

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features => throw new NotSupportedException("calsync serve has no invocation features.");

    public override CancellationToken CancellationToken { get; }

    private sealed class Definition(AppFunction function) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters => [];

        public override string PathToAssembly => function.Method.DeclaringType!.Assembly.Location;

        public override string EntryPoint => $"{function.Method.DeclaringType!.FullName}.{function.Method.Name}";

        public override string Id => function.Name;

        public override string Name => function.Name;

        public override IImmutableDictionary<string, BindingMetadata> InputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
    }
}
