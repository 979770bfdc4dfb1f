// The function app on a Flex Consumption plan, running as the user-assigned identity, with one
// app setting for every production key of local.settings.sample.json.

import { appSettings, authSettings } from 'settings.bicep'

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

@description('Where the appointment data lives: TableStorage (the app\'s own storage account) or PostgreSql (postgreSqlHost).')
@allowed([
  'TableStorage'
  'PostgreSql'
])
param appointmentDataProvider string = 'TableStorage'

@description('Host name of the PostgreSQL server, with PostgreSql; empty otherwise.')
param postgreSqlHost string = ''

@description('The app\'s database on that server.')
param postgreSqlDatabaseName string = ''

@description('The database role the app signs in as: the name of its identity, the server\'s Entra administrator.')
param postgreSqlUserName string = ''

@description('Client id of the Entra ID app registration operators sign in with; empty: operator pages off.')
param operatorClientId string = ''

@description('Object id of the Entra ID group whose members may use the operator pages.')
param operatorAllowedGroupId string = ''

var operator = {
  clientId: operatorClientId
  allowedGroupId: operatorAllowedGroupId
}

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

  // Every setting comes from settings.bicep, where the tests evaluate each shape of them.
  resource appSettingsConfig 'config' = {
    name: 'appsettings'
    properties: appSettings({
      identityClientId: identityClientId
      blobServiceUri: storage.properties.primaryEndpoints.blob
      queueServiceUri: storage.properties.primaryEndpoints.queue
      tableServiceUri: storage.properties.primaryEndpoints.table
      applicationInsightsConnectionString: applicationInsightsConnectionString
      hostName: functionApp.properties.defaultHostName
      googleClientId: googleClientId
      enablePushNotifications: enablePushNotifications
      syncSchedule: syncSchedule
      businessTimeZone: businessTimeZone
      conflictPolicy: conflictPolicy
      tokensKeyVaultUri: tokensKeyVaultUri
      configKeyVaultUri: configKeyVaultUri
      googleClientSecretName: googleClientSecretName
      oauthStateSigningKeysSecretName: oauthStateSigningKeysSecretName
      appointmentData: {
        provider: appointmentDataProvider
        host: postgreSqlHost
        database: postgreSqlDatabaseName
        username: postgreSqlUserName
      }
      operator: operator
    })
  }

  // App Service authentication in front of the operator pages; off (and no provider) unless the
  // app registration and the allowed group are given.
  resource authSettingsConfig 'config' = {
    name: 'authsettingsV2'
    properties: authSettings(operator, '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0')
  }
}

output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
