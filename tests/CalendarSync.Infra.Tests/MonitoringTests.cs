namespace CalendarSync.Infra.Tests;

public sealed class MonitoringTests(CompiledInfra infra)
{
    [Fact]
    public void ApplicationInsights_LocalAuth_IsOffAndWorkspaceBased()
    {
        var appInsights = infra.RequireMain().Single("Microsoft.Insights/components");

        Assert.True((bool?)appInsights.Properties["DisableLocalAuth"], "Application Insights must accept only Entra-authenticated telemetry.");
        Assert.StartsWith("[resourceId('Microsoft.OperationalInsights/workspaces'", (string?)appInsights.Properties["WorkspaceResourceId"], StringComparison.Ordinal);
    }

    [Fact]
    public void LogAnalytics_LocalAuth_IsOff()
    {
        var workspace = infra.RequireMain().Single("Microsoft.OperationalInsights/workspaces");

        Assert.True((bool?)workspace.Properties["features"]?["disableLocalAuth"]);
    }
}
