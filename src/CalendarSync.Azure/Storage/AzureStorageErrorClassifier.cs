using Azure;
using Azure.Identity;
using CalendarSync.Core.Runs;

namespace CalendarSync.Azure.Storage;

/// <summary>
/// Table Storage, the queues and Key Vault all fail with the Azure SDK's <see cref="RequestFailedException"/>; an identity
/// that cannot get a token fails with <see cref="AuthenticationFailedException"/>. Both are the storage side's, not a bug.
/// </summary>
public sealed class AzureStorageErrorClassifier : IStorageErrorClassifier
{
    public bool IsStorageError(Exception exception) => exception is RequestFailedException or AuthenticationFailedException;
}
