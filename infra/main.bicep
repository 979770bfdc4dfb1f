// CalendarSync in Azure: `azd up` deploys this. A resource group with the function app (Flex
// Consumption, .NET 10 isolated), its identity, storage, two Key Vaults, monitoring, alerts and
// workbook; with publicNetworkAccess Disabled a private network for storage and the vaults; with
// appointmentDataProvider PostgreSql an Azure Database for PostgreSQL for the appointment data; with
// operatorClientId and operatorAllowedGroupId Entra ID sign-in in front of the operator pages.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; names every resource and tags the resource group.')
param environmentName string

@minLength(1)
@description('Azure region for every resource.')
param location string

@description('Principal id of the deploying user (azd sets it); empty: no role for them.')
param principalId string = ''

@description('Whether principalId gets Key Vault Secrets Officer on the configuration vault, to set the Google client secret and the state signing keys. For setup and rotation only: afterwards set it to false and delete the assignment (README), since a redeploy does not remove it.')
param grantDeployerConfigVaultAccess bool = false

@description('Type of principalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('OAuth client id registered with Google (not a secret). The client secret goes into Key Vault, never here.')
param googleClientId string = ''

@description('Where alerts are emailed; empty: alerts fire in the portal only.')
param alertEmail string = ''

@description('Whether the app asks Google for push notifications, so a calendar change syncs within seconds.')
param enablePushNotifications bool = true

@description('NCRONTAB schedule of the safety-net sweep.')
param syncSchedule string = '0 */5 * * * *'

@description('IANA time zone of business closures.')
param businessTimeZone string = 'Europe/Berlin'

@description('What happens when a staff member edits one of our events in Google.')
@allowed([
  'AppointmentDataWins'
  'AcceptGoogleTimeChanges'
])
param conflictPolicy string = 'AppointmentDataWins'

@description('Upper bound of function app instances.')
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

@description('Always-ready instances for the queue-triggered sync (0: scale from zero).')
@minValue(0)
param alwaysReadySyncInstances int = 0

@description('Key Vault purge protection on both vaults. On unless turned off for a throwaway test environment: it cannot be turned off again, and `azd down --purge` cannot purge the vaults then.')
param keyVaultPurgeProtection bool = true

@description('Whether storage and both vaults accept traffic from public networks. Disabled: they accept none, and the template adds a virtual network with private endpoints for them and the app\'s VNet integration (docs/infrastructure.md says what else it takes).')
@allowed([
  'Enabled'
  'Disabled'
])
param publicNetworkAccess string = 'Enabled'

@description('Where the appointment data lives: TableStorage (the app\'s storage account) or PostgreSql (an Azure Database for PostgreSQL flexible server this template adds, signed in with the app\'s identity).')
@allowed([
  'TableStorage'
  'PostgreSql'
])
param appointmentDataProvider string = 'TableStorage'

@description('Client id of the Microsoft Entra ID app registration operators sign in with (docs/infrastructure.md creates it); empty: the operator pages are off.')
param operatorClientId string = ''

@description('Object id of the Microsoft Entra ID group whose members may use the operator pages; sign-in is on only with both this and operatorClientId.')
param operatorAllowedGroupId string = ''

@description('Alert when more than this share of sync runs failed in 15 minutes, in percent.')
@minValue(1)
@maxValue(100)
param syncFailureRatePercent int = 20

var abbrs = {
  resourceGroup: 'rg-'
  identity: 'id-'
  storage: 'st'
  keyVault: 'kv-'
  virtualNetwork: 'vnet-'
  postgreSql: 'psql-'
  logAnalytics: 'log-'
  applicationInsights: 'appi-'
  plan: 'plan-'
  functionApp: 'func-'
  actionGroup: 'ag-'
  alert: 'alert-'
}
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
// Names are known before deployment, so modules get them from here rather than from each other's
// outputs; dependsOn keeps the order.
var names = {
  identity: '${abbrs.identity}calsync-${resourceToken}'
  storage: '${abbrs.storage}${resourceToken}'
  // The tokens vault keeps the name the single vault had, so an existing deployment keeps its
  // refresh tokens; the configuration secrets move to the new configuration vault.
  tokensKeyVault: '${abbrs.keyVault}${resourceToken}'
  configKeyVault: '${abbrs.keyVault}cfg-${resourceToken}'
  logAnalytics: '${abbrs.logAnalytics}${resourceToken}'
  applicationInsights: '${abbrs.applicationInsights}${resourceToken}'
  plan: '${abbrs.plan}${resourceToken}'
  functionApp: '${abbrs.functionApp}calsync-${resourceToken}'
  actionGroup: '${abbrs.actionGroup}calsync-${resourceToken}'
  alertPrefix: '${abbrs.alert}calsync-${resourceToken}'
  virtualNetwork: '${abbrs.virtualNetwork}calsync-${resourceToken}'
  postgreSql: '${abbrs.postgreSql}calsync-${resourceToken}'
}
var privateNetwork = publicNetworkAccess == 'Disabled'
var postgreSql = appointmentDataProvider == 'PostgreSql'
// Flex Consumption deploys from a blob container of the app's own.
var deploymentContainerName = 'app-package-${resourceToken}'
// Secrets the operator sets in the configuration vault after provisioning (README, "Deploy to
// Azure"); the template only references them by name.
var googleClientSecretName = 'google-client-secret'
var oauthStateSigningKeysSecretName = 'oauth-state-signing-keys'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourceGroup}${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: names.storage
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    publicNetworkAccess: publicNetworkAccess
  }
}

// Refresh tokens: the app writes, deletes, purges and recovers them here.
module tokensKeyVault 'app/keyvault.bicep' = {
  name: 'tokens-keyvault'
  scope: rg
  params: {
    name: names.tokensKeyVault
    location: location
    tags: tags
    enablePurgeProtection: keyVaultPurgeProtection
    publicNetworkAccess: publicNetworkAccess
  }
}

// The Google client secret and the OAuth state signing keys: the app only reads them, so a bug or a
// compromise of the app cannot rewrite or purge them.
module configKeyVault 'app/keyvault.bicep' = {
  name: 'config-keyvault'
  scope: rg
  params: {
    name: names.configKeyVault
    location: location
    tags: tags
    enablePurgeProtection: keyVaultPurgeProtection
    publicNetworkAccess: publicNetworkAccess
  }
}

module network 'app/network.bicep' = if (privateNetwork) {
  name: 'network'
  scope: rg
  dependsOn: [
    storage
    tokensKeyVault
    configKeyVault
  ]
  params: {
    name: names.virtualNetwork
    location: location
    tags: tags
    storageAccountName: names.storage
    tokensKeyVaultName: names.tokensKeyVault
    configKeyVaultName: names.configKeyVault
  }
}

module postgreSqlServer 'app/postgresql.bicep' = if (postgreSql) {
  name: 'postgresql'
  scope: rg
  params: {
    name: names.postgreSql
    location: location
    tags: tags
    // The Entra administrator is named by the identity's principal id, which exists only once the
    // identity does (as in roles below).
    #disable-next-line what-if-short-circuiting
    appPrincipalId: identity.outputs.principalId
    appIdentityName: names.identity
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
    publicNetworkAccess: publicNetworkAccess
    virtualNetworkName: privateNetwork ? names.virtualNetwork : ''
    endpointSubnetId: network.?outputs.endpointSubnetId ?? ''
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
  }
}

module roles 'app/roles.bicep' = {
  name: 'roles'
  scope: rg
  dependsOn: [
    storage
    tokensKeyVault
    configKeyVault
    monitoring
  ]
  params: {
    storageAccountName: names.storage
    tokensKeyVaultName: names.tokensKeyVault
    configKeyVaultName: names.configKeyVault
    applicationInsightsName: names.applicationInsights
    // Role assignment names need the principal id (guid(scope.id, principalId, roleId)), which
    // exists only once the identity does; What-If shows these assignments less precisely.
    #disable-next-line what-if-short-circuiting
    appPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
    grantUserConfigVaultAccess: grantDeployerConfigVaultAccess
  }
}

module functionApp 'app/function.bicep' = {
  name: 'function'
  scope: rg
  // The host starts as soon as the app exists and needs its storage and vault roles by then.
  dependsOn: [
    storage
    roles
  ]
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: names.storage
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    tokensKeyVaultUri: tokensKeyVault.outputs.uri
    configKeyVaultUri: configKeyVault.outputs.uri
    virtualNetworkSubnetId: network.?outputs.appSubnetId ?? ''
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    alwaysReadyHttpInstances: alwaysReadyHttpInstances
    alwaysReadySyncInstances: alwaysReadySyncInstances
    googleClientId: googleClientId
    enablePushNotifications: enablePushNotifications
    syncSchedule: syncSchedule
    businessTimeZone: businessTimeZone
    conflictPolicy: conflictPolicy
    googleClientSecretName: googleClientSecretName
    oauthStateSigningKeysSecretName: oauthStateSigningKeysSecretName
    appointmentDataProvider: appointmentDataProvider
    postgreSqlHost: postgreSqlServer.?outputs.host ?? ''
    postgreSqlDatabaseName: postgreSqlServer.?outputs.databaseName ?? ''
    postgreSqlUserName: postgreSql ? names.identity : ''
    operatorClientId: operatorClientId
    operatorAllowedGroupId: operatorAllowedGroupId
  }
}

module alerts 'app/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  dependsOn: [
    monitoring
  ]
  params: {
    location: location
    tags: tags
    applicationInsightsName: names.applicationInsights
    actionGroupName: names.actionGroup
    alertEmail: alertEmail
    namePrefix: names.alertPrefix
    syncFailureRatePercent: syncFailureRatePercent
  }
}

module workbook 'app/workbook.bicep' = {
  name: 'workbook'
  scope: rg
  dependsOn: [
    monitoring
  ]
  params: {
    location: location
    tags: tags
    applicationInsightsName: names.applicationInsights
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_TOKENS_KEY_VAULT_NAME string = tokensKeyVault.outputs.name
output AZURE_TOKENS_KEY_VAULT_URI string = tokensKeyVault.outputs.uri
output AZURE_CONFIG_KEY_VAULT_NAME string = configKeyVault.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output GOOGLE_REDIRECT_URI string = 'https://${functionApp.outputs.defaultHostName}/api/calendar/oauth/callback'
output GOOGLE_CLIENT_SECRET_NAME string = googleClientSecretName
output AZURE_POSTGRESQL_HOST string = postgreSqlServer.?outputs.host ?? ''
output AZURE_POSTGRESQL_DATABASE string = postgreSqlServer.?outputs.databaseName ?? ''
// The redirect URI of the operators' app registration (docs/infrastructure.md, "Operator sign-in").
output OPERATOR_SIGN_IN_REDIRECT_URI string = 'https://${functionApp.outputs.defaultHostName}/.auth/login/aad/callback'
output OAUTH_STATE_SIGNING_KEYS_SECRET_NAME string = oauthStateSigningKeysSecretName
