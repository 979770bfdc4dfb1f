namespace CalendarSync.Core.Connections;

/// <summary>
/// Where a staff member's refresh token lives (Key Vault in Azure). Implementations write only
/// when the token changed, and never log it.
/// </summary>
public interface IRefreshTokenStore
{
    Task<string?> GetAsync(string staffId, CancellationToken cancellationToken);

    Task SetAsync(string staffId, string refreshToken, CancellationToken cancellationToken);

    Task DeleteAsync(string staffId, CancellationToken cancellationToken);
}
