namespace CalendarSync.Infra.Tests;

public sealed class StorageTests(CompiledInfra infra)
{
    private ArmResource Account => infra.RequireMain().Single("Microsoft.Storage/storageAccounts");

    [Fact]
    public void StorageAccount_SharedKeyAccess_IsOff()
    {
        Assert.False((bool?)Account.Properties["allowSharedKeyAccess"] ?? true, "allowSharedKeyAccess must be false: every client signs in with Entra ID.");
    }

    [Fact]
    public void StorageAccount_PublicBlobsAndOldTls_AreOff()
    {
        Assert.False((bool?)Account.Properties["allowBlobPublicAccess"] ?? true);
        Assert.Equal("TLS1_2", (string?)Account.Properties["minimumTlsVersion"]);
        Assert.True((bool?)Account.Properties["supportsHttpsTrafficOnly"]);
    }

    [Fact]
    public void StorageAccount_PublicNetworkAccess_FollowsTheParameter()
    {
        Assert.Equal("[parameters('publicNetworkAccess')]", (string?)Account.Properties["publicNetworkAccess"]);
        Assert.Equal("[if(equals(parameters('publicNetworkAccess'), 'Enabled'), 'Allow', 'Deny')]", (string?)Account.Properties["networkAcls"]!["defaultAction"]);
        Assert.Equal(["Enabled", "Disabled"], Account.Parameter("publicNetworkAccess")["allowedValues"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public void Queues_Deployed_AreTheSyncQueueAndItsPoisonQueue()
    {
        var queues = infra.RequireMain().OfType("Microsoft.Storage/storageAccounts/queueServices/queues").SelectMany(q => q.Names()).ToList();

        Assert.Contains("calendar-sync", queues);
        Assert.Contains("calendar-sync-poison", queues);
    }

    [Fact]
    public void Tables_Deployed_IncludeConnectionsAndSyncLog()
    {
        var tables = infra.RequireMain().OfType("Microsoft.Storage/storageAccounts/tableServices/tables").SelectMany(t => t.Names()).ToList();

        Assert.Contains("Connections", tables);
        Assert.Contains("SyncLog", tables);
    }

    [Fact]
    public void DeploymentContainer_Deployed_IsPrivate()
    {
        var container = infra.RequireMain().Single("Microsoft.Storage/storageAccounts/blobServices/containers");

        Assert.Equal("None", (string?)container.Properties["publicAccess"]);
    }
}
