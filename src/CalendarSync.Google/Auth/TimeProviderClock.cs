using Google.Apis.Util;

namespace CalendarSync.Google.Auth;

/// <summary>Google.Apis' clock over our <see cref="TimeProvider"/>, so tests decide when tokens go stale.</summary>
public sealed class TimeProviderClock(TimeProvider timeProvider) : IClock
{
    public DateTime Now => timeProvider.GetLocalNow().DateTime;

    public DateTime UtcNow => timeProvider.GetUtcNow().UtcDateTime;
}
