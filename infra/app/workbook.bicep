// A small workbook in the portal: runs, failures, items synced and conflicts over time, from the
// custom metrics the app emits (docs/monitoring.md).

@description('Azure region of the workbook.')
param location string

@description('Tags for the workbook.')
param tags object = {}

@description('Application Insights component the workbook reads.')
param applicationInsightsName string

@description('Title shown in the portal.')
param displayName string = 'CalendarSync operations'

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

var charts = [
  {
    name: 'runs-and-failures'
    title: 'Sync runs and failures'
    query: 'customMetrics | where name in ("SyncRuns", "SyncFailures") | summarize Count = sum(valueSum) by name, bin(timestamp, {TimeRange:grain})'
    visualization: 'timechart'
  }
  {
    name: 'runs-by-outcome'
    title: 'Sync runs by outcome'
    query: 'customMetrics | where name == "SyncRuns" | summarize Runs = sum(valueSum) by Outcome = tostring(customDimensions.Outcome), bin(timestamp, {TimeRange:grain})'
    visualization: 'barchart'
  }
  {
    name: 'failures-by-error-class'
    title: 'Failures by error class'
    query: 'customMetrics | where name == "SyncFailures" | summarize Count = sum(valueSum) by ErrorClass = tostring(customDimensions.ErrorClass), bin(timestamp, {TimeRange:grain})'
    visualization: 'barchart'
  }
  {
    name: 'items-synced'
    title: 'Items synced, by direction'
    query: 'customMetrics | where name == "ItemsSynced" | summarize Items = sum(valueSum) by Direction = tostring(customDimensions.Direction), bin(timestamp, {TimeRange:grain})'
    visualization: 'timechart'
  }
  {
    name: 'conflicts'
    title: 'Conflicts'
    query: 'customMetrics | where name == "Conflicts" | summarize Conflicts = sum(valueSum) by bin(timestamp, {TimeRange:grain})'
    visualization: 'timechart'
  }
  {
    name: 'attention'
    title: 'Poison messages and connections needing reconnect'
    query: 'customMetrics | where name in ("PoisonQueueMessages", "ReauthRequiredConnections") | summarize Value = max(valueMax) by name, bin(timestamp, {TimeRange:grain})'
    visualization: 'timechart'
  }
]

var workbook = {
  version: 'Notebook/1.0'
  items: concat(
    [
      {
        type: 9
        name: 'parameters'
        content: {
          version: 'KqlParameterItem/1.0'
          parameters: [
            {
              id: 'time-range'
              version: 'KqlParameterItem/1.0'
              name: 'TimeRange'
              label: 'Time range'
              type: 4
              isRequired: true
              value: {
                durationMs: 86400000
              }
              typeSettings: {
                selectableValues: [
                  { durationMs: 3600000 }
                  { durationMs: 14400000 }
                  { durationMs: 86400000 }
                  { durationMs: 604800000 }
                  { durationMs: 2592000000 }
                ]
              }
            }
          ]
        }
      }
    ],
    map(charts, chart => {
      type: 3
      name: chart.name
      content: {
        version: 'KqlItem/1.0'
        title: chart.title
        query: chart.query
        size: 0
        timeContextFromParameter: 'TimeRange'
        queryType: 0
        resourceType: 'microsoft.insights/components'
        visualization: chart.visualization
      }
    })
  )
  fallbackResourceIds: [
    appInsights.id
  ]
}

resource operationsWorkbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  // Workbook names must be GUIDs; this one is stable per component, so a redeploy updates it.
  name: guid(appInsights.id, 'calendarsync-operations-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: appInsights.id
    serializedData: string(workbook)
  }
}

output id string = operationsWorkbook.id
