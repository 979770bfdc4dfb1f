using CalendarSync.Core.Connections;

namespace CalendarSync.Core.Tests.Fakes;

/// <summary>Grants in memory: who has one, and who had theirs revoked.</summary>
public sealed class FakeCalendarAuthorization : ICalendarAuthorization
{
    public HashSet<string> Grants { get; } = [];

    public List<string> Revoked { get; } = [];

    public ConsentRequest BeginConsent(string state, string? loginHint, bool readsBusyTimes = false, bool createsCalendar = false) =>
        throw new NotSupportedException();

    public Task<CalendarGrant> ExchangeCodeAsync(string code, string codeVerifier, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task KeepAsync(string staffId, CalendarGrant grant, CancellationToken cancellationToken)
    {
        Grants.Add(staffId);
        return Task.CompletedTask;
    }

    public Task RevokeAsync(CalendarGrant grant, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RevokeAsync(string staffId, CancellationToken cancellationToken)
    {
        if (Grants.Remove(staffId))
        {
            Revoked.Add(staffId);
        }

        return Task.CompletedTask;
    }
}
