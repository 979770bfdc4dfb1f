using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;

namespace CalendarSync.Cli.Serve;

/// <summary>
/// Runs one invocation as the worker does: a scope of the app's services, the function class created from it, the
/// app's middleware around the call (<see cref="Functions.Extensions.Middleware"/>), and what the function answered.
/// </summary>
internal sealed class FunctionInvoker(IServiceScopeFactory scopes)
{
    /// <summary>
    /// Invokes <paramref name="function"/> with the trigger's value (<paramref name="trigger"/>) and the named values
    /// (<paramref name="named"/>: route values); answers the task's result (null for a plain Task, or when the
    /// middleware answered a failure itself).
    /// </summary>
    public async Task<object?> InvokeAsync(
        AppFunction function, object trigger, HttpContext? http, Func<string, object?>? named, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var context = new ServeFunctionContext(function, scope.ServiceProvider, http, cancellationToken);
        object? result = null;
        FunctionExecutionDelegate pipeline = async _ =>
        {
            var instance = ActivatorUtilities.CreateInstance(scope.ServiceProvider, function.Method.DeclaringType!);
            var arguments = function.Method.GetParameters().Select(p => Argument(function, p, trigger, context, named)).ToArray();
            var task = (Task)function.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null)!;
            await task;
            result = function.Method.ReturnType.IsGenericType ? function.Method.ReturnType.GetProperty(nameof(Task<object>.Result))!.GetValue(task) : null;
        };

        foreach (var type in Functions.Extensions.Middleware.Reverse())
        {
            var next = pipeline;
            var middleware = (IFunctionsWorkerMiddleware)scope.ServiceProvider.GetRequiredService(type);
            pipeline = c => middleware.Invoke(c, next);
        }

        await pipeline(context);
        return result;
    }

    private static object? Argument(AppFunction function, ParameterInfo parameter, object trigger, FunctionContext context, Func<string, object?>? named)
    {
        if (parameter == function.TriggerParameter)
        {
            return trigger;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return context.CancellationToken;
        }

        if (parameter.ParameterType == typeof(FunctionContext))
        {
            return context;
        }

        if (parameter.ParameterType == typeof(string) && named?.Invoke(parameter.Name!) is string value)
        {
            return value;
        }

        throw new InvalidOperationException($"calsync serve cannot bind {function.Name}'s parameter {parameter.Name}.");
    }
}
