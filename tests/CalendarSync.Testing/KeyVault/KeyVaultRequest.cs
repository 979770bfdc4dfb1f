namespace CalendarSync.Testing.KeyVault;

/// <summary>One authenticated request the stand-in answered: <c>PUT</c>, <c>/secrets/name</c>, 200.</summary>
public sealed record KeyVaultRequest(string Method, string Path, int Status);
