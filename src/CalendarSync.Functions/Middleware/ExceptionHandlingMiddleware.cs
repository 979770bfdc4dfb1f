using CalendarSync.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Middleware;

/// <summary>
/// The one place where a function's failure is logged. An HTTP caller gets a 500 problem without
/// internals (its invocation id to quote); a timer or queue invocation rethrows so the host's retry
/// and poison handling apply. What a caller must fix never reaches here: <see cref="Problems"/> answers it.
/// </summary>
internal sealed class ExceptionHandlingMiddleware(ILogger<ExceptionHandlingMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (context.GetHttpContext() is { } http && !http.Response.HasStarted)
        {
            logger.LogError(ex, "Function {FunctionName} failed (invocation {InvocationId})",
                context.FunctionDefinition.Name, context.InvocationId);
            var problem = Problems.Details(
                StatusCodes.Status500InternalServerError, "Internal error", "The request failed on our side. It is logged; try again later.", null);
            problem.Extensions["invocationId"] = context.InvocationId;
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await http.Response.WriteAsJsonAsync(problem, options: null, Problems.ContentType);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Function {FunctionName} failed (invocation {InvocationId})",
                context.FunctionDefinition.Name, context.InvocationId);
            throw;
        }
    }
}
