using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CalendarSync.Infra.Tests;

public sealed partial class AlertsTests(CompiledInfra infra)
{
    // The custom metrics the function app emits (docs/monitoring.md) and the alerts and workbook read.
    private static readonly string[] CustomMetrics =
        ["SyncRuns", "SyncFailures", "ItemsSynced", "Conflicts", "BookingConflicts", "ReauthRequiredConnections", "PoisonQueueMessages"];

    private ArmResource RuleLoop => infra.RequireMain().Single("Microsoft.Insights/scheduledQueryRules");

    private IReadOnlyList<JsonObject> Rules => RuleLoop.Variable("rules")!.AsArray().Select(r => r!.AsObject()).ToList();

    private JsonObject Rule(string name) =>
        Rules.SingleOrDefault(r => (string?)r["name"] == name) ?? throw new InvalidOperationException($"No alert rule named {name}.");

    [Fact]
    public void AlertRules_Loop_EvaluatesEachRuleOverApplicationInsightsAndNotifiesTheActionGroup()
    {
        var properties = RuleLoop.Properties;
        var criteria = properties["criteria"]!["allOf"]![0]!;

        Assert.Equal("[variables('rules')[copyIndex()].query]", (string?)criteria["query"]);
        Assert.Equal("[resourceId('Microsoft.Insights/components', parameters('applicationInsightsName'))]", (string?)properties["scopes"]![0]);
        Assert.Equal("[resourceId('Microsoft.Insights/actionGroups', parameters('actionGroupName'))]", (string?)properties["actions"]!["actionGroups"]![0]);
        Assert.True((bool?)properties["enabled"]);
    }

    [Fact]
    public void PoisonAlert_Query_FiresOnAnyMessageInThePoisonQueue()
    {
        var rule = Rule("poison-messages");

        Assert.Contains("\"PoisonQueueMessages\"", (string)rule["query"]!, StringComparison.Ordinal);
        Assert.Contains("calendar-sync-poison", (string)rule["query"]!, StringComparison.Ordinal);
        Assert.Equal("GreaterThan", (string?)rule["operator"]);
        Assert.Equal(0, (int)rule["threshold"]!);
    }

    [Fact]
    public void FailureRateAlert_Query_ComparesFailuresWithRunsAgainstAThresholdParameter()
    {
        var rule = Rule("sync-failure-rate");

        Assert.Contains("\"SyncFailures\"", (string)rule["query"]!, StringComparison.Ordinal);
        Assert.Contains("\"SyncRuns\"", (string)rule["query"]!, StringComparison.Ordinal);
        Assert.Contains("parameters('syncFailureMinimumRuns')", (string)rule["query"]!, StringComparison.Ordinal);
        Assert.Equal("GreaterThan", (string?)rule["operator"]);
        Assert.Equal("[parameters('syncFailureRatePercent')]", (string?)rule["threshold"]);
    }

    [Fact]
    public void SafetyStopAlert_Query_FiresOnAnyRunThatStoppedForSafety()
    {
        var rule = Rule("sync-safety-stops");
        var query = (string)rule["query"]!;

        // The outcomes are SyncOutcome's names, as SyncTelemetry emits them (SyncTelemetryTests).
        Assert.Contains("where name == \"SyncRuns\"", query, StringComparison.Ordinal);
        Assert.Contains("customDimensions.Outcome", query, StringComparison.Ordinal);
        Assert.Contains("\"MassDeleteBlocked\"", query, StringComparison.Ordinal);
        Assert.Contains("\"CalendarNotWritable\"", query, StringComparison.Ordinal);
        Assert.Equal(("GreaterThan", 0, 2), ((string?)rule["operator"], (int)rule["threshold"]!, (int)rule["severity"]!));
    }

    [Fact]
    public void BookingConflictAlert_Query_FiresOnAnyNewDoubleBooking()
    {
        var rule = Rule("booking-conflicts");

        // The metric SyncTelemetry emits once per new conflict (SyncTelemetryTests).
        Assert.Contains("where name == \"BookingConflicts\"", (string)rule["query"]!, StringComparison.Ordinal);
        Assert.Equal(("GreaterThan", 0, 2), ((string?)rule["operator"], (int)rule["threshold"]!, (int)rule["severity"]!));
    }

    [Fact]
    public void ReauthAlert_Query_FiresWhileAnyConnectionNeedsReconnecting()
    {
        var rule = Rule("reauth-required");

        Assert.Contains("\"ReauthRequiredConnections\"", (string)rule["query"]!, StringComparison.Ordinal);
        Assert.Equal("GreaterThan", (string?)rule["operator"]);
        Assert.Equal(0, (int)rule["threshold"]!);
    }

    [Fact]
    public void TimerAlert_Query_FiresWhenScheduleSyncsHasNotRunFor15Minutes()
    {
        var rule = Rule("timer-stopped");

        Assert.Contains("requests", (string)rule["query"]!, StringComparison.Ordinal);
        Assert.Contains("name == \"ScheduleSyncs\"", (string)rule["query"]!, StringComparison.Ordinal);
        Assert.Equal("Count", (string?)rule["timeAggregation"]);
        Assert.Equal("LessThan", (string?)rule["operator"]);
        Assert.Equal(1, (int)rule["threshold"]!);
        Assert.Equal("PT15M", (string?)rule["windowSize"]);
    }

    [Fact]
    public void ActionGroup_Email_ComesFromAParameter()
    {
        var group = infra.RequireMain().Single("Microsoft.Insights/actionGroups");

        Assert.Contains("parameters('alertEmail')", (string?)group.Properties["emailReceivers"], StringComparison.Ordinal);
        Assert.True(infra.RequireMain().Parameters.ContainsKey("alertEmail"));
    }

    [Fact]
    public void CustomMetrics_UsedByAlertsAndWorkbook_AreExactlyTheDocumentedOnes()
    {
        var documented = MetricRow().Matches(Repository.ReadText("docs/monitoring.md")).Select(m => m.Groups["name"].Value).ToHashSet();
        var queried = QueriedMetric().Matches(infra.MainJson).SelectMany(m => MetricName().Matches(m.Value)).Select(m => m.Groups["name"].Value).ToHashSet();

        Assert.Equal(CustomMetrics.Order(), documented.Order());
        Assert.Subset(documented, queried);
        Assert.Superset(documented, queried);
    }

    // A row of docs/monitoring.md's metric table: | `SyncRuns` | ...
    [GeneratedRegex(@"^\|\s*`(?<name>[A-Za-z]+)`\s*\|", RegexOptions.Multiline)]
    private static partial Regex MetricRow();

    // customMetrics | where name == \"X\" (or in (\"X\", \"Y\")) in the compiled queries, quotes and newlines escaped in JSON.
    [GeneratedRegex(@"customMetrics(\\n|\s)*\| where name (==|in \() ?(\\""[A-Za-z]+\\""(, )?)+")]
    private static partial Regex QueriedMetric();

    [GeneratedRegex(@"\\""(?<name>[A-Za-z]+)\\""")]
    private static partial Regex MetricName();
}
