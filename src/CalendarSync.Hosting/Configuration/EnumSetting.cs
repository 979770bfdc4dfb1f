using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CalendarSync.Hosting.Configuration;

/// <summary>
/// A setting that names one value of an enum. The configuration binder refuses a name it does not know with a message
/// about "Sync:X" and a type name, and takes any number ("7") for a value; checked before binding, a bad value stops
/// the host with a message that names the setting as it is written and the values it takes. Absent, the default holds.
/// </summary>
internal static class EnumSetting
{
    public static void Require<TEnum>(IConfiguration configuration, string setting)
        where TEnum : struct, Enum
    {
        var value = configuration[setting.Replace("__", ":", StringComparison.Ordinal)];
        var names = Enum.GetNames<TEnum>();
        if (value is null || names.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            return;
        }

        throw new OptionsValidationException(
            Options.DefaultName, typeof(TEnum), [$"{setting} must be {string.Join(" or ", names)}, not '{value}'."]);
    }
}
