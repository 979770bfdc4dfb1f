// Azure Database for PostgreSQL Flexible Server for the appointment data, deployed when
// APPOINTMENT_DATA_PROVIDER is PostgreSql. Microsoft Entra ID is the only way in (no password exists),
// the app's identity is the server's Entra administrator and so a database role named after it,
// TLS is required, and the network follows publicNetworkAccess like storage and the vaults.

@description('Name of the server; its host name is <name>.postgres.database.azure.com.')
@minLength(3)
@maxLength(63)
param name string

@description('Azure region of the server.')
param location string

@description('Tags for the server, its private endpoint and DNS zone.')
param tags object = {}

@description('The app\'s database, which calsync db migrate (or the app, with MigrateOnStart) fills.')
param databaseName string = 'calendarsync'

@description('PostgreSQL major version.')
@allowed([
  '16'
  '17'
])
param version string = '16'

@description('Compute size: a burstable B1ms is enough for one business\'s appointments; choose General Purpose for heavy load.')
param skuName string = 'Standard_B1ms'

@description('Tier of skuName.')
@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param skuTier string = 'Burstable'

@description('Storage in GiB; it grows by itself when nearly full.')
@minValue(32)
param storageSizeGB int = 32

@description('Days of point-in-time restore.')
@minValue(7)
@maxValue(35)
param backupRetentionDays int = 7

@description('Principal (object) id of the app\'s user-assigned identity, made the server\'s Entra administrator.')
param appPrincipalId string

@description('Name of that identity: the role the app signs in as.')
param appIdentityName string

@description('Log Analytics workspace the server\'s logs and metrics go to.')
param logAnalyticsWorkspaceId string

@description('Whether the server accepts traffic from public networks. Enabled: only from Azure services (the app has no fixed outbound address). Disabled: only through a private endpoint in endpointSubnetId.')
@allowed([
  'Enabled'
  'Disabled'
])
param publicNetworkAccess string = 'Enabled'

@description('Subnet for the private endpoint, with publicNetworkAccess Disabled (app/network.bicep).')
param endpointSubnetId string = ''

@description('Virtual network the private DNS zone is linked to, with publicNetworkAccess Disabled.')
param virtualNetworkName string = ''

var privateNetwork = publicNetworkAccess == 'Disabled'

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    version: version
    // Entra ID only: with password authentication disabled no administrator login or password
    // exists, so none can leak.
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: 'Disabled'
      tenantId: tenant().tenantId
    }
    storage: {
      storageSizeGB: storageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: backupRetentionDays
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
    network: {
      publicNetworkAccess: publicNetworkAccess
    }
  }

  // The app's identity as Entra administrator: PostgreSQL gets a role of the identity's name, which
  // may create the calendar_sync schema (the app migrates it at start). A flexible server allows one
  // change at a time, hence the chain of dependsOn below.
  resource administrator 'administrators' = {
    name: appPrincipalId
    properties: {
      principalType: 'ServicePrincipal'
      principalName: appIdentityName
      tenantId: tenant().tenantId
    }
  }

  // TLS only, 1.2 or newer (require_secure_transport is on by default; stated so it stays on).
  resource requireSecureTransport 'configurations' = {
    name: 'require_secure_transport'
    dependsOn: [
      administrator
    ]
    properties: {
      value: 'on'
      source: 'user-override'
    }
  }

  resource minimumTlsVersion 'configurations' = {
    name: 'ssl_min_protocol_version'
    dependsOn: [
      requireSecureTransport
    ]
    properties: {
      value: 'TLSv1.2'
      source: 'user-override'
    }
  }

  resource database 'databases' = {
    name: databaseName
    dependsOn: [
      minimumTlsVersion
    ]
    properties: {
      charset: 'UTF8'
      collation: 'en_US.utf8'
    }
  }

  // 0.0.0.0 to 0.0.0.0 is "allow Azure services": Flex Consumption has no fixed outbound address to
  // allow instead. Entra ID still decides who signs in.
  resource allowAzureServices 'firewallRules' = if (!privateNetwork) {
    name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
    dependsOn: [
      database
    ]
    properties: {
      startIpAddress: '0.0.0.0'
      endIpAddress: '0.0.0.0'
    }
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: server
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

// With publicNetworkAccess Disabled: a private endpoint in the network's endpoint subnet, and the
// zone that resolves <name>.postgres.database.azure.com to it inside the network (Azure's public
// cloud; the environment() function names no PostgreSQL suffix to derive other clouds' from).
resource zone 'Microsoft.Network/privateDnsZones@2020-06-01' = if (privateNetwork) {
  name: 'privatelink.postgres.database.azure.com'
  location: 'global'
  tags: tags
}

resource zoneLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = if (privateNetwork) {
  parent: zone
  name: virtualNetworkName
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: resourceId('Microsoft.Network/virtualNetworks', virtualNetworkName)
    }
  }
}

resource endpoint 'Microsoft.Network/privateEndpoints@2024-05-01' = if (privateNetwork) {
  name: 'pe-${name}'
  location: location
  tags: tags
  // After the server's own changes: it accepts one at a time.
  dependsOn: [
    server::database
  ]
  properties: {
    subnet: {
      id: endpointSubnetId
    }
    privateLinkServiceConnections: [
      {
        name: 'pe-${name}'
        properties: {
          privateLinkServiceId: server.id
          groupIds: [
            'postgresqlServer'
          ]
        }
      }
    ]
  }

  resource dns 'privateDnsZoneGroups' = {
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: 'privatelink-postgres-database-azure-com'
          properties: {
            privateDnsZoneId: zone.id
          }
        }
      ]
    }
  }
}

output name string = server.name
output host string = server.properties.fullyQualifiedDomainName
output databaseName string = server::database.name
