// The function app on a Flex Consumption plan, running as the user-assigned identity, with one
// app setting for every production key of local.settings.sample.json.

@description('Name of the function app; its host name is <name>.azurewebsites.net.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region of the plan and the app.')
param location string

@description('Tags for the plan and the app (the app also gets azd-service-name).')
param tags object = {}

@description('Name azd knows the app by (azure.yaml).')
param serviceName string = 'api'

@description('Resource id of the user-assigned managed identity the app runs as.')
param identityId string

@description('Client id of that identity.')
param identityClientId string

@description('Name of the storage account for the host, the queue and the tables.')
param storageAccountName string

@description('Blob container the deployment package is uploaded to.')
param deploymentContainerName string

@description('Application Insights connection string (holds no secret: local auth is off).')
param applicationInsightsConnectionString string

@description('URI of the vault the app keeps refresh tokens in, https://<vault>.vault.azure.net/.')
param tokensKeyVaultUri string

@description('URI of the vault that holds the Google client secret and the OAuth state signing keys, which the app only reads.')
param configKeyVaultUri string

@description('Subnet the app integrates with, to reach storage and the vaults through private endpoints; empty: no virtual network.')
param virtualNetworkSubnetId string = ''

@description('Upper bound of instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Always-ready instances for the HTTP functions (0: scale from zero).')
@minValue(0)
param alwaysReadyHttpInstances int = 0

@description('Always-ready instances for SyncStaffCalendar, the queue-triggered sync (0: scale from zero).')
@minValue(0)
param alwaysReadySyncInstances int = 0

@description('OAuth client id registered with Google (not a secret).')
param googleClientId string

@description('Whether the app asks Google for push notifications (events.watch) to its notifications endpoint.')
param enablePushNotifications bool = true

@description('NCRONTAB schedule of the safety-net sweep.')
param syncSchedule string

@description('IANA time zone of business closures.')
param businessTimeZone string

@description('What happens when a staff member edits one of our events in Google.')
@allowed([
  'AppointmentDataWins'
  'AcceptGoogleTimeChanges'
])
param conflictPolicy string

@description('Name of the configuration vault\'s secret that holds the Google OAuth client secret.')
param googleClientSecretName string

@description('Name of the configuration vault\'s secret that holds the OAuth state signing keys.')
param oauthStateSigningKeysSecretName string

var alwaysReady = concat(
  alwaysReadyHttpInstances > 0 ? [{ name: 'http', instanceCount: alwaysReadyHttpInstances }] : [],
  alwaysReadySyncInstances > 0 ? [{ name: 'function:SyncStaffCalendar', instanceCount: alwaysReadySyncInstances }] : []
)

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve through the same identity, not a system-assigned one.
    keyVaultReferenceIdentity: identityId
    // Flex Consumption sends all outbound traffic through the integrated subnet.
    virtualNetworkSubnetId: empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: alwaysReady
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  // No FTP and no basic-auth (user name and password) publishing to the SCM site: azd and the
  // Azure CLI deploy with a Microsoft Entra token, so a leaked publish profile deploys nothing.
  resource ftpPublishing 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmPublishing 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }

  // FUNCTIONS_WORKER_RUNTIME is not set: Flex Consumption takes the runtime from functionAppConfig
  // and rejects the setting. AzureWebJobsStorage has no connection string, only identity settings.
  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
      AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
      AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
      // The app's one credential (tables, queues, Key Vault, Application Insights) picks the user-assigned identity by this id.
      AZURE_CLIENT_ID: identityClientId
      AZURE_FUNCTIONS_ENVIRONMENT: 'Production'
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identityClientId}'
      SYNC_SCHEDULE: syncSchedule
      PURGE_SCHEDULE: '0 30 3 * * *'
      // The .NET GC's gen0 budget, 16 MB (hexadecimal): collections come sooner, and a 50,000-event first import peaks
      // at about 150 MB instead of 235 MB (docs/benchmarks.md). An environment variable; the runtime reads it at start.
      DOTNET_GCgen0size: '0x1000000'

      Google__ClientId: googleClientId
      Google__ClientSecret: '@Microsoft.KeyVault(SecretUri=${configKeyVaultUri}secrets/${googleClientSecretName}/)'
      Google__RedirectUri: 'https://${functionApp.properties.defaultHostName}/api/calendar/oauth/callback'
      // Empty turns push off; the five-minute sweep still syncs.
      Google__NotificationUri: enablePushNotifications ? 'https://${functionApp.properties.defaultHostName}/api/calendar/notifications' : ''
      Google__ApiRootUri: 'https://www.googleapis.com/'
      Google__RequestTimeout: '00:00:30'
      Google__Retry__MaxAttempts: '4'
      Google__Retry__BaseDelay: '00:00:01'
      Google__Retry__MaxDelay: '00:00:30'
      Google__AuthorizationEndpoint: 'https://accounts.google.com/o/oauth2/v2/auth'
      Google__TokenEndpoint: 'https://oauth2.googleapis.com/token'
      Google__RevokeEndpoint: 'https://oauth2.googleapis.com/revoke'

      KeyVault__VaultUri: tokensKeyVaultUri
      KeyVault__CacheLifetime: '00:15:00'

      OAuthState__SigningKeys: '@Microsoft.KeyVault(SecretUri=${configKeyVaultUri}secrets/${oauthStateSigningKeysSecretName}/)'
      OAuthState__Lifetime: '00:10:00'
      OAuthState__LinkLifetime: '01:00:00'

      Sync__WindowPastDays: '30'
      Sync__WindowFutureDays: '365'
      Sync__ConflictPolicy: conflictPolicy
      Sync__InvitationsBlock: 'Any'
      Sync__MassDeleteMaxShare: '0.5'
      Sync__MassDeleteMinimum: '20'
      Sync__LeaseDuration: '00:05:00'
      Sync__DeferDelay: '00:00:30'
      Sync__SweepPageSize: '500'
      Sync__RunTimeBudget: '00:04:00'
      Sync__UsageLimitPause: '03:00:00'
      Sync__PageSize: '250'
      Sync__SyncLogRetentionDays: '30'
      Sync__TombstoneRetentionDays: '90'
      Sync__BusinessTimeZone: businessTimeZone
      Events__Visibility: 'Private'
      Events__RerenderPerRun: '200'
      Events__Appointment__Summary: 'Appointment'
      Events__Appointment__Description: ''
      Events__Appointment__ColorId: ''
      Events__Appointment__Reminders: 'Default'
      Events__Block__Summary: '{summary}'
      Events__Block__Description: ''
      Events__Block__ColorId: ''
      Events__Block__Reminders: 'Default'
      Events__Exception__Summary: 'Unavailable'
      Events__Exception__Description: '{reason}'
      Events__Exception__ColorId: ''
      Events__Exception__Reminders: 'Default'
      Events__Closure__Summary: 'Closed: {name}'
      Events__Closure__Description: ''
      Events__Closure__ColorId: ''
      Events__Closure__Reminders: 'Default'
      Push__TimeToLive: '7.00:00:00'
      Push__RenewWithin: '01:00:00'
      Push__MaxPerSweep: '500'
    }
  }
}

output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
