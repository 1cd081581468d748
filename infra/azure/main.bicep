// Lepton Monitor on Azure: an Event Hubs namespace (transactions, alerts and dead-letter hubs, a consumer group),
// Azure Database for PostgreSQL Flexible Server (the cluster store), AKS with workload identity running the silos and
// api processes from the Helm chart (infra/helm/lepton-monitor), a user-assigned managed identity with Event Hubs data
// roles instead of a connection string, and Key Vault holding the secrets the chart's Secret needs.
// Deploy:   az deployment group create -g <rg> -f infra/azure/main.bicep -p @infra/azure/main.parameters.json \
//             -p postgresAdminPassword=... adminApiKey=... pseudonymMasterKey=...
// Then:     docs/operations.md "Azure" (create the Kubernetes Secret from Key Vault, helm install with the outputs).
// Checked in CI by infra/validate.sh with `bicep build` (the Bicep CLI from NuGet); not deployed there.
targetScope = 'resourceGroup'

@description('Prefix of every resource name (lower-case letters and digits).')
@minLength(3)
@maxLength(12)
param namePrefix string = 'lepton'

param location string = resourceGroup().location

@description('Partitions of the transactions hub: the most api processes that will share the ingest load (cannot be lowered later).')
@minValue(1)
@maxValue(32)
param transactionsPartitions int = 8

@description('Event Hubs consumer group of the api processes (Lepton:EventHubs:ConsumerGroup).')
param consumerGroupName string = 'lepton-ingest'

@description('PostgreSQL administrator login (the product authenticates with a password: Npgsql connection string).')
param postgresAdminLogin string = 'leptonadmin'

@secure()
param postgresAdminPassword string

@description('Bootstrap admin API key (LEPTON_ADMIN_KEY), e.g. openssl rand -hex 32.')
@secure()
param adminApiKey string

@description('Pseudonymization master key, base64, >= 16 bytes (LEPTON_PSEUDONYM_KEY), e.g. openssl rand -base64 32.')
@secure()
param pseudonymMasterKey string

@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param postgresTier string = 'GeneralPurpose'
param postgresSku string = 'Standard_D4ds_v5'
param postgresStorageGiB int = 256
@description('Point-in-time restore window of the database (7-35 days).')
@minValue(7)
@maxValue(35)
param postgresBackupRetentionDays int = 14
param postgresGeoRedundantBackup bool = false
@description('Zone-redundant high availability (a standby in another zone; not on Burstable).')
param postgresHighAvailability bool = true

param aksNodeVmSize string = 'Standard_D8ds_v5'
@minValue(2)
param aksNodeCount int = 3

@description('Kubernetes namespace and ServiceAccount of the Helm release (the chart names it <release>-lepton-monitor).')
param kubernetesNamespace string = 'lepton'
param kubernetesServiceAccount string = 'lepton-lepton-monitor'

var suffix = uniqueString(resourceGroup().id)
var eventHubsName = '${namePrefix}-eh-${suffix}'
var postgresName = '${namePrefix}-pg-${suffix}'
var keyVaultName = take('${namePrefix}kv${suffix}', 24)

// Built-in role definition ids.
var roleEventHubsDataReceiver = 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde'
var roleEventHubsDataSender = '2b629674-e913-4c01-ae53-ef4638d8f975'
var roleKeyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-id-${suffix}'
  location: location
}

// ---------------------------------------------------------------------------------------------------------------
// Event Hubs: Standard tier (consumer groups other than $Default, the Kafka endpoint). Local (SAS) auth is off: the
// native AMQP adapter authenticates with the managed identity (Lepton:EventHubs:FullyQualifiedNamespace).
resource eventHubs 'Microsoft.EventHub/namespaces@2024-01-01' = {
  name: eventHubsName
  location: location
  sku: { name: 'Standard', tier: 'Standard', capacity: 2 }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    isAutoInflateEnabled: true
    maximumThroughputUnits: 10
  }
}

resource transactionsHub 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = {
  parent: eventHubs
  name: 'transactions'
  properties: { partitionCount: transactionsPartitions, messageRetentionInDays: 7 }
}

resource alertsHub 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = {
  parent: eventHubs
  name: 'alerts'
  properties: { partitionCount: 4, messageRetentionInDays: 7 }
}

// For the Kafka endpoint path (Lepton:Kafka:DeadLetterTopic). The native AMQP adapter keeps poison events in the
// dead-letter store only (GET /v1/dead-letters), it does not copy them to a hub.
resource deadLetterHub 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = {
  parent: eventHubs
  name: 'transactions-dead-letter'
  properties: { partitionCount: 2, messageRetentionInDays: 7 }
}

resource consumerGroup 'Microsoft.EventHub/namespaces/eventhubs/consumergroups@2024-01-01' = {
  parent: transactionsHub
  name: consumerGroupName
}

resource receiveTransactions 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: transactionsHub
  name: guid(transactionsHub.id, identity.id, roleEventHubsDataReceiver)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleEventHubsDataReceiver)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource sendAlerts 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: alertsHub
  name: guid(alertsHub.id, identity.id, roleEventHubsDataSender)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleEventHubsDataSender)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource sendDeadLetters 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: deadLetterHub
  name: guid(deadLetterHub.id, identity.id, roleEventHubsDataSender)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleEventHubsDataSender)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL Flexible Server: membership, grain state, reminders and every product store (docs/cluster.md).
// Password authentication: the product's Npgsql connection string carries a password (no Entra token support).
resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: postgresName
  location: location
  sku: { name: postgresSku, tier: postgresTier }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: { storageSizeGB: postgresStorageGiB, autoGrow: 'Enabled' }
    backup: {
      backupRetentionDays: postgresBackupRetentionDays
      geoRedundantBackup: postgresGeoRedundantBackup ? 'Enabled' : 'Disabled'
    }
    highAvailability: { mode: postgresHighAvailability && postgresTier != 'Burstable' ? 'ZoneRedundant' : 'Disabled' }
    authConfig: { passwordAuth: 'Enabled', activeDirectoryAuth: 'Disabled' }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: 'lepton'
  properties: { charset: 'UTF8', collation: 'en_US.utf8' }
}

// processes x (pool + Orleans' pool) must stay under this (docs/cluster.md).
resource maxConnections 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: postgres
  name: 'max_connections'
  properties: { value: '500', source: 'user-override' }
}

// Public access limited to Azure services; put the server in the AKS virtual network (delegated subnet) for production.
resource allowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: postgres
  name: 'AllowAzureServices'
  properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }
}

// ---------------------------------------------------------------------------------------------------------------
// Key Vault: the chart's Secret values (admin-key, pseudonym-key, postgres-connection-string), readable by the identity.
resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
  }
}

resource secretAdminKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'admin-key'
  properties: { value: adminApiKey }
}

resource secretPseudonymKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'pseudonym-key'
  properties: { value: pseudonymMasterKey }
}

resource secretPostgres 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'postgres-connection-string'
  properties: {
    value: 'Host=${postgres.properties.fullyQualifiedDomainName};Port=5432;Database=lepton;Username=${postgresAdminLogin};Password=${postgresAdminPassword};SSL Mode=Require;Maximum Pool Size=30'
  }
}

resource readSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: keyVault
  name: guid(keyVault.id, identity.id, roleKeyVaultSecretsUser)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleKeyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---------------------------------------------------------------------------------------------------------------
// AKS with the OIDC issuer and workload identity: pods of the chart's ServiceAccount get the managed identity
// (DefaultAzureCredential picks it up), so no Event Hubs connection string exists anywhere.
resource aks 'Microsoft.ContainerService/managedClusters@2024-05-01' = {
  name: '${namePrefix}-aks-${suffix}'
  location: location
  identity: { type: 'SystemAssigned' }
  properties: {
    dnsPrefix: '${namePrefix}-${suffix}'
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        vmSize: aksNodeVmSize
        count: aksNodeCount
        osType: 'Linux'
        availabilityZones: ['1', '2', '3']
      }
    ]
    oidcIssuerProfile: { enabled: true }
    securityProfile: { workloadIdentity: { enabled: true } }
    addonProfiles: {
      azureKeyvaultSecretsProvider: { enabled: true, config: { enableSecretRotation: 'true' } }
    }
  }
}

resource federation 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = {
  parent: identity
  name: 'aks-${kubernetesNamespace}-${kubernetesServiceAccount}'
  properties: {
    issuer: aks.properties.oidcIssuerProfile.issuerURL
    subject: 'system:serviceaccount:${kubernetesNamespace}:${kubernetesServiceAccount}'
    audiences: ['api://AzureADTokenExchange']
  }
}

output eventHubsFullyQualifiedNamespace string = '${eventHubs.name}.servicebus.windows.net'
output eventHubsConsumerGroup string = consumerGroup.name
output postgresHost string = postgres.properties.fullyQualifiedDomainName
output keyVaultName string = keyVault.name
output identityClientId string = identity.properties.clientId
output aksName string = aks.name
