using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace CalendarSync.Functions.Configuration;

/// <summary>The timer's <c>SYNC_SCHEDULE</c>, checked at start so a typo stops the app instead of silencing the sweep.</summary>
public sealed partial class SyncScheduleOptions
{
    public const string Setting = "SYNC_SCHEDULE";

    public string? Schedule { get; set; }

    internal sealed partial class Validator : IValidateOptions<SyncScheduleOptions>
    {
        public ValidateOptionsResult Validate(string? name, SyncScheduleOptions options) =>
            options.Schedule is { } schedule && NcrontabExpression().IsMatch(schedule.Trim())
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"{Setting} must be an NCRONTAB expression of six fields (second minute hour day month day-of-week), " +
                    $"such as '0 */5 * * * *'; it is '{options.Schedule}'.");
    }

    // Six fields of numbers, ranges, lists, steps, '*' or month and day names.
    [GeneratedRegex(@"^(?:[0-9A-Za-z*/,\-]+\s+){5}[0-9A-Za-z*/,\-]+$")]
    private static partial Regex NcrontabExpression();
}
