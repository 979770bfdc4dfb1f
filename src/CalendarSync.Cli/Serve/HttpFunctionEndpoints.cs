using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace CalendarSync.Cli.Serve;

/// <summary>
/// Every HTTP function at its route and methods, behind its auth level as Azure enforces it (a function- or admin-level
/// function without the key answers 401 and is not invoked), invoked through the app's middleware; its
/// <see cref="IActionResult"/> is written as the Functions ASP.NET Core integration writes it.
/// </summary>
internal static class HttpFunctionEndpoints
{
    public static IEndpointRouteBuilder MapFunctions(this IEndpointRouteBuilder endpoints, FunctionCatalog catalog)
    {
        foreach (var function in catalog.Http)
        {
            var methods = function.HttpTrigger.Methods ?? ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
            endpoints.MapMethods(function.Path, methods.Select(m => m.ToUpperInvariant()), http => InvokeAsync(http, function))
                .WithName(function.Name);
        }

        return endpoints;
    }

    private static async Task InvokeAsync(HttpContext http, AppFunction function)
    {
        if (function.HttpTrigger.AuthLevel != AuthorizationLevel.Anonymous && !http.RequestServices.GetRequiredService<FunctionKey>().IsIn(http.Request))
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var result = await http.RequestServices.GetRequiredService<FunctionInvoker>().InvokeAsync(
            function, http.Request, http, name => http.GetRouteValue(name), http.RequestAborted);
        if (result is IActionResult action && !http.Response.HasStarted)
        {
            await action.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
        }
    }
}
