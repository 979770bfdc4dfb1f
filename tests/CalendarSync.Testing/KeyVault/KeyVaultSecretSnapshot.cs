namespace CalendarSync.Testing.KeyVault;

/// <summary>What the stand-in holds under one secret name, for tests to assert on.</summary>
public sealed record KeyVaultSecretSnapshot(
    string Name,
    string Value,
    string? ContentType,
    IReadOnlyDictionary<string, string> Tags,
    int Versions,
    bool IsDeleted);
