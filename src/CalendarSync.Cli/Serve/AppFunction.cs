using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace CalendarSync.Cli.Serve;

/// <summary>One function of the app: its name, its method, its trigger attribute and the parameter that carries it.</summary>
internal sealed record AppFunction(string Name, MethodInfo Method, TriggerBindingAttribute Trigger, ParameterInfo TriggerParameter)
{
    public HttpTriggerAttribute HttpTrigger => (HttpTriggerAttribute)Trigger;

    /// <summary>The HTTP function's address, under the host's default <c>api/</c> prefix, as the Functions host serves it.</summary>
    public string Path => "/api/" + HttpTrigger.Route;
}
