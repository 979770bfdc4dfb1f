// Alerts an operator can act on, each over the Application Insights data the app and the Functions
// host write. docs/monitoring.md names the custom metrics the app emits and what to do per alert.

@description('Azure region of the alert rules.')
param location string

@description('Tags for the action group and the rules.')
param tags object = {}

@description('Application Insights component the rules query.')
param applicationInsightsName string

@description('Name of the action group.')
param actionGroupName string

@description('Where alerts are emailed; empty: the action group has no receiver yet.')
param alertEmail string = ''

@description('Prefix of the alert rule names.')
param namePrefix string

@description('Alert when more than this share of sync runs failed in 15 minutes, in percent.')
@minValue(1)
@maxValue(100)
param syncFailureRatePercent int = 20

@description('The failure rate alert needs at least this many runs in the window, so one failed run of one is not an alarm.')
@minValue(1)
param syncFailureMinimumRuns int = 5

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'calsync'
    enabled: true
    emailReceivers: empty(alertEmail)
      ? []
      : [
          {
            name: 'operator'
            emailAddress: alertEmail
            useCommonAlertSchema: true
          }
        ]
  }
}

var rules = [
  {
    name: 'poison-messages'
    displayName: 'CalendarSync: messages in calendar-sync-poison'
    description: 'A sync request failed maxDequeueCount times and was moved to calendar-sync-poison. Read the message in the queue and the exception in Application Insights, fix the cause, then move the message back to calendar-sync or delete it.'
    severity: 1
    windowSize: 'PT15M'
    // PoisonQueueMessages: the queue's approximate length, reported by ScheduleSyncs every sweep;
    // the host's own warning catches a message the moment it is moved.
    query: '''
let reported = customMetrics
    | where name == "PoisonQueueMessages"
    | project timestamp, PoisonMessages = valueMax;
let moved = traces
    | where message has "calendar-sync-poison" and message has "MaxDequeueCount"
    | summarize PoisonMessages = todouble(count()) by timestamp = bin(timestamp, 5m);
union reported, moved
'''
    timeAggregation: 'Maximum'
    metricMeasureColumn: 'PoisonMessages'
    operator: 'GreaterThan'
    threshold: 0
  }
  {
    name: 'sync-failure-rate'
    displayName: 'CalendarSync: sync failure rate above ${syncFailureRatePercent}%'
    description: 'More than ${syncFailureRatePercent}% of staff syncs failed in 15 minutes. Look at SyncFailures by ErrorClass in the workbook and at the exceptions in Application Insights: a Google outage, a quota, or a bad deployment.'
    severity: 2
    windowSize: 'PT15M'
    query: $'''
customMetrics
| where name in ("SyncRuns", "SyncFailures")
| summarize Runs = sumif(valueSum, name == "SyncRuns"), Failures = sumif(valueSum, name == "SyncFailures") by timestamp = bin(timestamp, 15m)
| where Runs >= ${syncFailureMinimumRuns}
| project timestamp, FailureRatePercent = 100.0 * Failures / Runs
'''
    timeAggregation: 'Maximum'
    metricMeasureColumn: 'FailureRatePercent'
    operator: 'GreaterThan'
    threshold: syncFailureRatePercent
  }
  {
    name: 'sync-safety-stops'
    displayName: 'CalendarSync: syncs stopped for safety'
    description: 'A run stopped instead of deleting more than the allowed share of a staff member\'s items (MassDeleteBlocked), or Google refused writes to the calendar (CalendarNotWritable). That staff member\'s sync stays stopped until an operator acts: the SyncLog table names them and says why.'
    severity: 2
    windowSize: 'PT15M'
    // SyncRuns by the run's own outcome: these two are not successes, and every run after them stops the same way.
    query: '''
customMetrics
| where name == "SyncRuns"
| where tostring(customDimensions.Outcome) in ("MassDeleteBlocked", "CalendarNotWritable")
| summarize Runs = sum(valueSum) by timestamp = bin(timestamp, 5m)
'''
    timeAggregation: 'Maximum'
    metricMeasureColumn: 'Runs'
    operator: 'GreaterThan'
    threshold: 0
  }
  {
    name: 'booking-conflicts'
    displayName: 'CalendarSync: double bookings'
    description: 'A sync found a booked appointment and a staff member\'s Google event over the same time, for the first time: the staff member put something over a booking, or an appointment was booked over time Google held. The warning in Application Insights names the staff member, the appointment and the event; GET /api/staff/{staffId}/conflicts, calsync conflicts and the operator page list them. Call the client or the staff member; the conflict leaves the report when either side moves.'
    severity: 2
    windowSize: 'PT15M'
    // BookingConflicts: how many conflicts a run found that its connection did not know of (each is counted once).
    query: '''
customMetrics
| where name == "BookingConflicts"
| summarize Conflicts = sum(valueSum) by timestamp = bin(timestamp, 5m)
'''
    timeAggregation: 'Maximum'
    metricMeasureColumn: 'Conflicts'
    operator: 'GreaterThan'
    threshold: 0
  }
  {
    name: 'reauth-required'
    displayName: 'CalendarSync: connections need the staff member to reconnect'
    description: 'Google refused a refresh token (invalid_grant): those connections are ReauthRequired and no longer sync. GET /api/calendar/sync-status lists them; the staff member clicks "Connect Google Calendar" again.'
    severity: 3
    windowSize: 'PT15M'
    // ReauthRequiredConnections: how many connections are in ReauthRequired, reported by ScheduleSyncs every sweep.
    query: '''
customMetrics
| where name == "ReauthRequiredConnections"
| project timestamp, Connections = valueMax
'''
    timeAggregation: 'Maximum'
    metricMeasureColumn: 'Connections'
    operator: 'GreaterThan'
    threshold: 0
  }
  {
    name: 'timer-stopped'
    displayName: 'CalendarSync: ScheduleSyncs has not run for 15 minutes'
    description: 'The safety-net sweep has not run for 15 minutes, so only manual and push syncs happen. Check that the app is running, its last deployment, SYNC_SCHEDULE, and the host\'s storage access (the timer keeps its state in blobs).'
    severity: 1
    windowSize: 'PT15M'
    query: '''
requests
| where name == "ScheduleSyncs"
'''
    timeAggregation: 'Count'
    metricMeasureColumn: ''
    operator: 'LessThan'
    threshold: 1
  }
]

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for rule in rules: {
    name: '${namePrefix}-${rule.name}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: rule.displayName
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [
        appInsights.id
      ]
      evaluationFrequency: 'PT5M'
      windowSize: rule.windowSize
      autoMitigate: true
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: rule.timeAggregation
            metricMeasureColumn: empty(rule.metricMeasureColumn) ? null : rule.metricMeasureColumn
            operator: rule.operator
            threshold: rule.threshold
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      actions: {
        actionGroups: [
          actionGroup.id
        ]
      }
    }
  }
]

output actionGroupId string = actionGroup.id
output alertRuleNames array = [for (rule, i) in rules: alertRules[i].name]
