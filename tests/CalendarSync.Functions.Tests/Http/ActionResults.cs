using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace CalendarSync.Functions.Tests.Http;

/// <summary>Results as the host writes them: ASP.NET Core MVC executes them, as the Functions ASP.NET Core integration does.</summary>
internal static class ActionResults
{
    /// <summary>The body written for <paramref name="result"/> with the app's services (MVC's options as the app sets them).</summary>
    public static async Task<string> WrittenAsync(IServiceProvider services, IActionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var context = new DefaultHttpContext { RequestServices = services };
        using var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        return Encoding.UTF8.GetString(body.ToArray());
    }
}
