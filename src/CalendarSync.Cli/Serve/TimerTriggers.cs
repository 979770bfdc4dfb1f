using Cronos;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Cli.Serve;

/// <summary>
/// Each timer function on its schedule, as the timer trigger runs it: the schedule's <c>%SETTING%</c> resolved from the
/// settings, an NCRONTAB expression of six fields in UTC, one invocation at a time per function. A failed invocation is
/// logged by the middleware and the timer goes on.
/// </summary>
internal sealed class TimerTriggers(
    FunctionCatalog catalog, FunctionInvoker invoker, IConfiguration configuration, TimeProvider clock, ILogger<TimerTriggers> logger)
    : BackgroundService
{
    /// <summary>The schedule of <paramref name="function"/>, its setting resolved; refused if it is no NCRONTAB expression.</summary>
    public static CronExpression Schedule(AppFunction function, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(configuration);
        var schedule = ((TimerTriggerAttribute)function.Trigger).Schedule;
        if (schedule.Length > 2 && schedule.StartsWith('%') && schedule.EndsWith('%'))
        {
            var setting = schedule[1..^1];
            schedule = configuration[setting.Replace("__", ":", StringComparison.Ordinal)]
                ?? throw new InvalidOperationException($"{function.Name} runs on the setting {setting}, which is not set.");
        }

        return CronExpression.Parse(schedule.Trim(), CronFormat.IncludeSeconds);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(catalog.Timers.Select(f => RunAsync(f, Schedule(f, configuration), stoppingToken)));

    private async Task RunAsync(AppFunction function, CronExpression schedule, CancellationToken cancellationToken)
    {
        DateTimeOffset? last = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var next = schedule.GetNextOccurrence(now, TimeZoneInfo.Utc)
                ?? throw new InvalidOperationException($"{function.Name}'s schedule has no next occurrence.");
            try
            {
                await Task.Delay(next - now, clock, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var timer = new TimerInfo
            {
                IsPastDue = clock.GetUtcNow() - next > TimeSpan.FromMinutes(1),
                ScheduleStatus = new ScheduleStatus
                {
                    Last = (last ?? next).UtcDateTime,
                    Next = (schedule.GetNextOccurrence(next, TimeZoneInfo.Utc) ?? next).UtcDateTime,
                    LastUpdated = clock.GetUtcNow().UtcDateTime,
                },
            };
            try
            {
                await invoker.InvokeAsync(function, timer, http: null, named: null, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The middleware logged it; the timer trigger goes on to the next occurrence.
                logger.LogDebug(ex, "Timer function {FunctionName} failed; next run on schedule", function.Name);
            }

            last = next;
        }
    }
}
