using System.ComponentModel.DataAnnotations;

namespace CalendarSync.Cli.Sweep;

/// <summary>
/// The queue trigger's behaviour from the function app's host.json (<c>extensions.queues</c>), which calsync imitates
/// when it drains the queue. Overridden as the Functions host takes them: <c>AzureFunctionsJobHost__extensions__queues__batchSize</c>.
/// </summary>
internal sealed class QueueHostOptions
{
    public const string Section = "AzureFunctionsJobHost:extensions:queues";

    /// <summary>Messages processed at a time.</summary>
    [Range(1, 32, ErrorMessage = "AzureFunctionsJobHost__extensions__queues__batchSize must be 1 to 32.")]
    public int BatchSize { get; set; } = 16;

    /// <summary>How long a message that threw stays invisible before it is tried again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00", ErrorMessage = "AzureFunctionsJobHost__extensions__queues__visibilityTimeout must be 00:00:00 to 7.00:00:00.")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Tries before a message that keeps throwing goes to the poison queue.</summary>
    [Range(1, 100, ErrorMessage = "AzureFunctionsJobHost__extensions__queues__maxDequeueCount must be 1 to 100.")]
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>The longest wait between two looks at an empty queue (<c>calsync serve</c>; a sweep stops at an empty queue).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "AzureFunctionsJobHost__extensions__queues__maxPollingInterval must be 00:00:00.100 to 00:10:00.")]
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(2);
}
