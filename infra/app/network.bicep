// The private network main.bicep deploys when publicNetworkAccess is Disabled: storage and both
// vaults then accept no public traffic, so the function app reaches them through this virtual
// network (VNet integration on a subnet of its own) and private endpoints, whose addresses the
// private DNS zones give to the names the app already uses (<account>.blob.core.windows.net, ...).

@description('Name of the virtual network.')
param name string

@description('Azure region of the network and the private endpoints (the function app\'s region).')
param location string

@description('Tags for the network, the endpoints and the DNS zones.')
param tags object = {}

@description('Storage account the app reaches through blob, queue and table endpoints.')
param storageAccountName string

@description('The vault of refresh tokens.')
param tokensKeyVaultName string

@description('The vault of the configuration secrets.')
param configKeyVaultName string

@description('Address space of the network; pick one that does not overlap a network it is peered with.')
param addressPrefix string = '10.0.0.0/16'

// Flex Consumption integrates through a subnet delegated to Microsoft.App/environments that nothing
// else uses; the private endpoints get the other one.
var appSubnetName = 'app'
var endpointSubnetName = 'private-endpoints'

// The zones that resolve the services' own host names to the endpoints' private addresses;
// privatelink.vaultcore.azure.net in Azure's public cloud, derived so that other clouds get theirs.
var zones = [
  'privatelink.blob.${environment().suffixes.storage}'
  'privatelink.queue.${environment().suffixes.storage}'
  'privatelink.table.${environment().suffixes.storage}'
  'privatelink${replace(environment().suffixes.keyvaultDns, '.vault.', '.vaultcore.')}'
]

// One endpoint per service the app calls (the host's blobs and queue, the tables, both vaults);
// zone is its DNS zone's index in zones.
var endpoints = [
  {
    name: 'pe-${storageAccountName}-blob'
    targetType: 'Microsoft.Storage/storageAccounts'
    targetName: storageAccountName
    groupId: 'blob'
    zone: 0
  }
  {
    name: 'pe-${storageAccountName}-queue'
    targetType: 'Microsoft.Storage/storageAccounts'
    targetName: storageAccountName
    groupId: 'queue'
    zone: 1
  }
  {
    name: 'pe-${storageAccountName}-table'
    targetType: 'Microsoft.Storage/storageAccounts'
    targetName: storageAccountName
    groupId: 'table'
    zone: 2
  }
  {
    name: 'pe-${tokensKeyVaultName}'
    targetType: 'Microsoft.KeyVault/vaults'
    targetName: tokensKeyVaultName
    groupId: 'vault'
    zone: 3
  }
  {
    name: 'pe-${configKeyVaultName}'
    targetType: 'Microsoft.KeyVault/vaults'
    targetName: configKeyVaultName
    groupId: 'vault'
    zone: 3
  }
]

resource network 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: appSubnetName
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 1)
          // The app's calls to Google and Application Insights leave through this subnet; new
          // networks default to private subnets without outbound internet access. A NAT gateway
          // here would give the app one fixed outbound address instead.
          defaultOutboundAccess: true
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: endpointSubnetName
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 2)
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }

  resource appSubnet 'subnets' existing = {
    name: appSubnetName
  }

  resource endpointSubnet 'subnets' existing = {
    name: endpointSubnetName
  }
}

resource zone 'Microsoft.Network/privateDnsZones@2020-06-01' = [
  for zoneName in zones: {
    name: zoneName
    location: 'global'
    tags: tags
  }
]

resource zoneLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = [
  for (zoneName, i) in zones: {
    parent: zone[i]
    name: name
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: network.id
      }
    }
  }
]

resource endpoint 'Microsoft.Network/privateEndpoints@2024-05-01' = [
  for e in endpoints: {
    name: e.name
    location: location
    tags: tags
    properties: {
      subnet: {
        id: network::endpointSubnet.id
      }
      privateLinkServiceConnections: [
        {
          name: e.name
          properties: {
            privateLinkServiceId: resourceId(e.targetType, e.targetName)
            groupIds: [
              e.groupId
            ]
          }
        }
      ]
    }
  }
]

resource endpointDns 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = [
  for (e, i) in endpoints: {
    parent: endpoint[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: replace(zones[e.zone], '.', '-')
          properties: {
            privateDnsZoneId: zone[e.zone].id
          }
        }
      ]
    }
  }
]

output appSubnetId string = network::appSubnet.id
output endpointSubnetId string = network::endpointSubnet.id
