using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace CalendarSync.Cli.Serve;

/// <summary>
/// The function app's functions as the Worker SDK sees them, read from the function classes' attributes: each HTTP
/// function's route, methods and auth level, each timer's schedule, each queue trigger's queue. There is no second list.
/// </summary>
internal sealed class FunctionCatalog
{
    private FunctionCatalog(IReadOnlyList<AppFunction> functions) => Functions = functions;

    public IReadOnlyList<AppFunction> Functions { get; }

    public IEnumerable<AppFunction> Http => Functions.Where(f => f.Trigger is HttpTriggerAttribute);

    public IEnumerable<AppFunction> Timers => Functions.Where(f => f.Trigger is TimerTriggerAttribute);

    public IEnumerable<AppFunction> Queues => Functions.Where(f => f.Trigger is QueueTriggerAttribute);

    /// <summary>The functions of the function app's assembly.</summary>
    public static FunctionCatalog Read() => Read(typeof(Functions.Extensions).Assembly);

    public static FunctionCatalog Read(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var functions = new List<AppFunction>();
        foreach (var type in assembly.GetExportedTypes().Where(t => t.IsClass && !t.IsAbstract))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
                {
                    continue;
                }

                var triggers = method.GetParameters()
                    .Select(p => (Parameter: p, Trigger: p.GetCustomAttributes().OfType<TriggerBindingAttribute>().SingleOrDefault()))
                    .Where(p => p.Trigger is not null)
                    .ToList();
                if (triggers.Count != 1 || !typeof(Task).IsAssignableFrom(method.ReturnType))
                {
                    throw new InvalidOperationException(
                        $"{type.Name}.{method.Name} is a function with {triggers.Count} triggers or no Task to await; calsync serve hosts functions of one trigger that return a Task.");
                }

                functions.Add(new AppFunction(function.Name, method, triggers[0].Trigger!, triggers[0].Parameter));
            }
        }

        return new FunctionCatalog(functions);
    }
}
