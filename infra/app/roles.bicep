// Every role the app's identity (and, optionally, the deploying user) holds. Names are
// guid(scope.id, principalId, roleId), so a redeploy finds the same assignment instead of a duplicate.

@description('Storage account the app uses for the host, the queue and the tables.')
param storageAccountName string

@description('Key Vault that holds the refresh tokens, which the app writes.')
param tokensKeyVaultName string

@description('Key Vault that holds the Google client secret and the OAuth state signing keys, which the app only reads.')
param configKeyVaultName string

@description('Application Insights component the app sends telemetry to.')
param applicationInsightsName string

@description('Principal (object) id of the app\'s user-assigned managed identity.')
param appPrincipalId string

@description('Principal id of the deploying user or group, for local runs against the real resources and for setting secrets; empty: none.')
param userPrincipalId string = ''

@description('Whether userPrincipalId gets Key Vault Secrets Officer on the configuration vault, to set its secrets. For setup only: remove the assignment afterwards (README).')
param grantUserConfigVaultAccess bool = false

@description('Type of userPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param userPrincipalType string = 'User'

var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Storage Blob Data Owner
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7' // Key Vault Secrets Officer
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6' // Key Vault Secrets User
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a11-d3ab9e7d2b2d' // Monitoring Metrics Publisher
}

// What the app's identity needs:
// - Storage Blob Data Owner: the Functions host keeps its locks and timer state in blobs, and
//   Flex Consumption reads the deployment package with it (Owner, as the Flex docs require).
// - Storage Queue Data Contributor: the trigger reads, deletes and poisons queue messages.
// - Storage Table Data Contributor: the stores read and write Connections, SyncLog and the rest.
// - Key Vault Secrets Officer on the tokens vault: the app writes a refresh token when Google
//   rotates it, deletes and purges it on disconnect, and recovers a deleted one on reconnect
//   (KeyVaultRefreshTokenStore); Secrets Officer is the built-in role with these secret actions.
// - Key Vault Secrets User on the configuration vault: Key Vault references read the Google client
//   secret and the state signing keys through the identity; nothing of the app writes there.
// - Monitoring Metrics Publisher: Application Insights accepts telemetry only from Entra identities.
var appStorageRoles = [
  roles.storageBlobDataOwner
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

// The deploying user reads the poison queue and the SyncLog table in the portal, and can run the
// app locally against the real storage.
var userStorageRoles = [
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource tokensVault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: tokensKeyVaultName
}

resource configVault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: configKeyVaultName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource appStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in appStorageRoles: {
    name: guid(storage.id, appPrincipalId, roleId)
    scope: storage
    properties: {
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

// Key Vault Secrets Officer
resource appTokens 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(tokensVault.id, appPrincipalId, roles.keyVaultSecretsOfficer)
  scope: tokensVault
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
  }
}

// Key Vault Secrets User
resource appConfig 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(configVault.id, appPrincipalId, roles.keyVaultSecretsUser)
  scope: configVault
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

// Monitoring Metrics Publisher
resource appTelemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, appPrincipalId, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
  }
}

resource userStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in userStorageRoles: if (!empty(userPrincipalId)) {
    name: guid(storage.id, userPrincipalId, roleId)
    scope: storage
    properties: {
      principalId: userPrincipalId
      principalType: userPrincipalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

// Key Vault Secrets Officer, on the configuration vault only (nobody but the app touches tokens),
// and only when asked for: a standing role to rewrite the client secret is not needed day to day.
resource userConfig 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(userPrincipalId) && grantUserConfigVaultAccess) {
  name: guid(configVault.id, userPrincipalId, roles.keyVaultSecretsOfficer)
  scope: configVault
  properties: {
    principalId: userPrincipalId
    principalType: userPrincipalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
  }
}
