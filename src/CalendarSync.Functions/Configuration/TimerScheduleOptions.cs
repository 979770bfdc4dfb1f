using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace CalendarSync.Functions.Configuration;

/// <summary>
/// A timer's schedule setting (<c>SYNC_SCHEDULE</c>, <c>PURGE_SCHEDULE</c>), checked at start so a typo stops the app
/// instead of silencing the timer. Named options: the name is the setting's.
/// </summary>
public sealed partial class TimerScheduleOptions
{
    /// <summary>The safety-net sweep's schedule.</summary>
    public const string SyncSetting = "SYNC_SCHEDULE";

    /// <summary>The daily purge of delete tombstones and old sync logs.</summary>
    public const string PurgeSetting = "PURGE_SCHEDULE";

    public string? Schedule { get; set; }

    internal sealed partial class Validator : IValidateOptions<TimerScheduleOptions>
    {
        public ValidateOptionsResult Validate(string? name, TimerScheduleOptions options) =>
            options.Schedule is { } schedule && NcrontabExpression().IsMatch(schedule.Trim())
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"{name} must be an NCRONTAB expression of six fields (second minute hour day month day-of-week), " +
                    $"such as '0 */5 * * * *'; it is '{options.Schedule}'.");
    }

    // Six fields of numbers, ranges, lists, steps, '*' or month and day names.
    [GeneratedRegex(@"^(?:[0-9A-Za-z*/,\-]+\s+){5}[0-9A-Za-z*/,\-]+$")]
    private static partial Regex NcrontabExpression();
}
