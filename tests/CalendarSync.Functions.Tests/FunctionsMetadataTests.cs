using System.Text.Json.Nodes;

namespace CalendarSync.Functions.Tests;

/// <summary>
/// The host discovers our functions only through the functions.metadata the Worker SDK writes at
/// build. Core Tools cannot run here, so these tests are how we know the host sees what we mean.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly JsonArray Metadata = Load();

    [Fact]
    public void ScheduleSyncs_IsTimerOnScheduleSetting()
    {
        var trigger = Trigger("ScheduleSyncs");

        Assert.Equal("timerTrigger", (string?)trigger["type"]);
        Assert.Equal("%SYNC_SCHEDULE%", (string?)trigger["schedule"]);
    }

    [Fact]
    public void PurgeHistory_IsTimerOnPurgeScheduleSetting()
    {
        var trigger = Trigger("PurgeHistory");

        Assert.Equal("timerTrigger", (string?)trigger["type"]);
        Assert.Equal("%PURGE_SCHEDULE%", (string?)trigger["schedule"]);
    }

    [Fact]
    public void SyncStaffCalendar_IsQueueTriggerOnCalendarSync()
    {
        var trigger = Trigger("SyncStaffCalendar");

        Assert.Equal("queueTrigger", (string?)trigger["type"]);
        Assert.Equal("calendar-sync", (string?)trigger["queueName"]);
        Assert.Null((string?)trigger["connection"]);
    }

    [Theory]
    [InlineData("CreateConnectLink", "calendar/connect-links", "post", "Function")]
    [InlineData("ConnectPage", "calendar/connect", "get", "Anonymous")]
    [InlineData("StartConsent", "calendar/connect", "post", "Anonymous")]
    [InlineData("OAuthCallback", "calendar/oauth/callback", "get", "Anonymous")]
    [InlineData("SyncStatus", "calendar/sync-status", "get", "Function")]
    [InlineData("RequestSync", "calendar/sync", "post", "Function")]
    [InlineData("Notifications", "calendar/notifications", "post", "Anonymous")]
    [InlineData("PutAppointment", "staff/{staffId}/appointments/{id}", "put", "Function")]
    [InlineData("DeleteAppointment", "staff/{staffId}/appointments/{id}", "delete", "Function")]
    [InlineData("PutBlock", "staff/{staffId}/blocks/{id}", "put", "Function")]
    [InlineData("DeleteBlock", "staff/{staffId}/blocks/{id}", "delete", "Function")]
    [InlineData("ListBlocks", "staff/{staffId}/blocks", "get", "Function")]
    [InlineData("GetItemHistory", "staff/{staffId}/items/{kind}/{id}/history", "get", "Function")]
    [InlineData("PutException", "staff/{staffId}/exceptions/{id}", "put", "Function")]
    [InlineData("DeleteException", "staff/{staffId}/exceptions/{id}", "delete", "Function")]
    [InlineData("PutClosure", "closures/{id}", "put", "Function")]
    [InlineData("DeleteClosure", "closures/{id}", "delete", "Function")]
    [InlineData("GetBusy", "staff/{staffId}/busy", "get", "Function")]
    [InlineData("Disconnect", "calendar/connections/{staffId}", "delete", "Function")]
    [InlineData("MoveConnection", "calendar/connections/{staffId}/move", "post", "Function")]
    [InlineData("OperatorHome", "operator", "get", "Anonymous")]
    [InlineData("OperatorStaff", "operator/staff/{staffId}", "get", "Anonymous")]
    [InlineData("OperatorAction", "operator/staff/{staffId}/{action}", "post", "Anonymous")]
    [InlineData("PauseConnection", "calendar/connections/{staffId}/pause", "post", "Function")]
    [InlineData("ResumeConnection", "calendar/connections/{staffId}/resume", "post", "Function")]
    [InlineData("SetDirection", "calendar/connections/{staffId}/direction", "put", "Function")]
    [InlineData("CheckAvailability", "staff/{staffId}/availability/check", "post", "Function")]
    [InlineData("GetConflicts", "staff/{staffId}/conflicts", "get", "Function")]
    [InlineData("GetCalendars", "calendar/connections/{staffId}/calendars", "get", "Function")]
    [InlineData("SetCalendars", "calendar/connections/{staffId}/calendars", "put", "Function")]
    public void HttpFunction_HasRouteMethodAndAuthLevel(string function, string route, string method, string authLevel)
    {
        var trigger = Trigger(function);

        Assert.Equal("httpTrigger", (string?)trigger["type"]);
        Assert.Equal(route, (string?)trigger["route"]);
        Assert.Equal([method], trigger["methods"]!.AsArray().Select(m => (string?)m));
        Assert.Equal(authLevel, (string?)trigger["authLevel"]);
    }

    [Fact]
    public void Metadata_HasNoFunctionBeyondTheKnownOnes()
    {
        var names = Metadata.Select(f => (string?)f!["name"]).Order().ToArray();

        Assert.Equal(
            [
                "CheckAvailability", "ConnectPage", "CreateConnectLink", "DeleteAppointment", "DeleteBlock", "DeleteClosure", "DeleteException", "Disconnect",
                "GetBusy", "GetCalendars", "GetConflicts", "GetItemHistory", "ListBlocks", "MoveConnection", "Notifications", "OAuthCallback", "OperatorAction", "OperatorHome", "OperatorStaff", "PauseConnection", "PurgeHistory", "PutAppointment", "PutBlock",
                "PutClosure", "PutException", "RequestSync", "ResumeConnection", "ScheduleSyncs", "SetCalendars", "SetDirection", "StartConsent", "SyncStaffCalendar", "SyncStatus",
            ],
            names);
    }

    private static JsonObject Trigger(string function)
    {
        var entry = Metadata.SingleOrDefault(f => (string?)f!["name"] == function)
            ?? throw new Xunit.Sdk.XunitException($"functions.metadata has no function named {function}.");
        return entry["bindings"]!.AsArray()
            .Select(b => b!.AsObject())
            .Single(b => (string?)b["direction"] == "In" && ((string?)b["type"])!.EndsWith("Trigger", StringComparison.Ordinal));
    }

    private static JsonArray Load()
    {
        // Copied from the Functions project's build output by this project's reference to it.
        var path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        Assert.True(File.Exists(path), $"The Worker SDK did not generate {path}.");
        return JsonNode.Parse(File.ReadAllText(path))!.AsArray();
    }
}
