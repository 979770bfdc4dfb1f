// One Key Vault in RBAC mode: access is granted by role assignments, not access policies. main.bicep
// deploys it twice, so that what the app may write is apart from what it may only read: the tokens
// vault (refresh tokens, one secret per connection; the app writes and deletes them) and the
// configuration vault (the Google client secret and the OAuth state signing keys; the app reads them).

@description('Name of the Key Vault (3-24 letters, digits and hyphens).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the vault.')
param location string

@description('Tags for the vault.')
param tags object = {}

@description('Days a deleted secret or vault can be recovered (7-90).')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 90

@description('Purge protection: deleted secrets and the vault cannot be purged before the retention ends. Cannot be turned off once on.')
param enablePurgeProtection bool = true

@description('Whether the vault accepts traffic from public networks. Disabled: only through private endpoints (app/network.bicep).')
@allowed([
  'Enabled'
  'Disabled'
])
param publicNetworkAccess string = 'Enabled'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // The service accepts only true or absent here, never false.
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: publicNetworkAccess
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: publicNetworkAccess == 'Enabled' ? 'Allow' : 'Deny'
    }
  }
}

output id string = vault.id
output name string = vault.name
output uri string = vault.properties.vaultUri
