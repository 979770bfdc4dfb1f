using System.Text.Json.Nodes;

namespace CalendarSync.Infra.Tests;

public sealed class WorkbookTests(CompiledInfra infra)
{
    private ArmResource Workbook => infra.RequireMain().Single("Microsoft.Insights/workbooks");

    [Fact]
    public void Workbook_Charts_ShowRunsFailuresItemsAndConflictsOverTime()
    {
        var queries = string.Join('\n', Workbook.Variable("charts")!.AsArray().Select(c => (string)c!["query"]!));

        Assert.All(["\"SyncRuns\"", "\"SyncFailures\"", "\"ItemsSynced\"", "\"Conflicts\""], metric => Assert.Contains(metric, queries, StringComparison.Ordinal));
        Assert.All(Workbook.Variable("charts")!.AsArray(), c => Assert.Contains("bin(timestamp", (string)c!["query"]!, StringComparison.Ordinal));
    }

    [Fact]
    public void Workbook_Runs_AreChartedByTheirOutcome()
    {
        var chart = Workbook.Variable("charts")!.AsArray().Single(c => (string?)c!["name"] == "runs-by-outcome")!;

        Assert.Contains("where name == \"SyncRuns\"", (string)chart["query"]!, StringComparison.Ordinal);
        Assert.Contains("by Outcome = tostring(customDimensions.Outcome)", (string)chart["query"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Workbook_Source_IsTheApplicationInsightsComponent()
    {
        Assert.Equal("[resourceId('Microsoft.Insights/components', parameters('applicationInsightsName'))]", (string?)Workbook.Properties["sourceId"]);
        Assert.Equal("[string(variables('workbook'))]", (string?)Workbook.Properties["serializedData"]);
        Assert.Equal("Notebook/1.0", (string?)Workbook.Variable("workbook")!["version"]);
        Assert.StartsWith("[guid(", Workbook.Name, StringComparison.Ordinal);
    }
}
