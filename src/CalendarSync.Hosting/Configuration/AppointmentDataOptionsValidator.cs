using CalendarSync.PostgreSql;
using Microsoft.Extensions.Options;

namespace CalendarSync.Hosting.Configuration;

/// <summary>With the PostgreSql provider, the connection string must be there and readable; the message never repeats it.</summary>
internal sealed class AppointmentDataOptionsValidator : IValidateOptions<AppointmentDataOptions>
{
    public ValidateOptionsResult Validate(string? name, AppointmentDataOptions options) =>
        options.Provider == AppointmentDataProvider.PostgreSql && PostgresDataSources.Problem(options.ConnectionString) is { } problem
            ? ValidateOptionsResult.Fail(problem)
            : ValidateOptionsResult.Success;
}
