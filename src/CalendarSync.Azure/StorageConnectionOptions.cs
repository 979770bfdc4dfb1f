namespace CalendarSync.Azure;

/// <summary>
/// Where the storage account is, read from the host's own setting: <c>AzureWebJobsStorage</c> as a connection string
/// (locally, Azurite), or identity-based <c>AzureWebJobsStorage__tableServiceUri</c> / <c>__queueServiceUri</c> (in Azure,
/// where shared keys are off), reached with the app's one credential (<see cref="Extensions.AddCalendarSyncCredential"/>).
/// </summary>
public sealed class StorageConnectionOptions
{
    public const string Section = "AzureWebJobsStorage";

    public string? ConnectionString { get; set; }

    public Uri? TableServiceUri { get; set; }

    public Uri? QueueServiceUri { get; set; }

    public bool UsesIdentity => string.IsNullOrWhiteSpace(ConnectionString);

    public bool IsComplete => !UsesIdentity || (TableServiceUri is { IsAbsoluteUri: true } && QueueServiceUri is { IsAbsoluteUri: true });
}
