using CalendarSync.Core.Sync;
using Microsoft.Extensions.Options;

namespace CalendarSync.Hosting.Configuration;

/// <summary>Checks the <c>Events__*</c> templates and colours at start, each problem naming its setting.</summary>
internal sealed class EventOptionsValidator : IValidateOptions<EventOptions>
{
    public ValidateOptionsResult Validate(string? name, EventOptions options) =>
        EventRendering.Problems(options) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
