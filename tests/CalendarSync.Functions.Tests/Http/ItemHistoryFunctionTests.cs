using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.History;
using CalendarSync.Core.Sync;
using CalendarSync.Functions.Http;
using CalendarSync.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CalendarSync.Functions.Tests.Http;

/// <summary><c>GET /api/staff/{staffId}/items/{kind}/{id}/history</c> on the app's registrations and Azurite.</summary>
public sealed class ItemHistoryFunctionTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private readonly DataApiHost _host = new(azurite);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetItemHistory_EntriesInBothStores_AnswersTheItemsNewestFirstUpToTheLimit()
    {
        var staff = "s-" + Guid.NewGuid().ToString("N")[..8];
        var block = BlockedSlot.KeyForGoogleEvent("ev1");
        var appointment = new ItemKey(ItemKind.Appointment, "a-1");
        var period = Period.Timed(Noon, Noon.AddHours(1));
        await _host.Store.WriteGoogleBlocksAsync(staff, [GoogleBlockWrite.Upsert("ev1", period, "Dentist", 1)
            with { History = new ItemHistoryEntry(block, Noon, ItemHistoryAction.BlockImported, "ev1", "imported from the Google event") }], Cancel);
        await _host.Store.WriteGoogleBlocksAsync(staff, [GoogleBlockWrite.Delete("ev1")
            with { History = new ItemHistoryEntry(block, Noon.AddMinutes(1), ItemHistoryAction.BlockRemoved, "ev1", "the event was deleted in Google") }], Cancel);
        var states = _host.Services.GetRequiredService<ISyncStateStore>();
        await states.WriteItemsAsync(staff, [ItemStatusWrite.Save(new ItemSyncStatus(appointment, 1, "evx", "\"1\"", Noon, 1))
            with { History = new ItemHistoryEntry(appointment, Noon, ItemHistoryAction.EventCreated, "evx", "new") }], Cancel);

        var (status, body) = DataApiHost.Read(await Function.GetItemHistory(DataApiHost.Request("GET"), staff, "block", "g-ev1"));
        var (limitedStatus, limited) = DataApiHost.Read(await Function.GetItemHistory(DataApiHost.Request("GET", query: "?limit=1"), staff, "block", "g-ev1"));
        var (_, other) = DataApiHost.Read(await Function.GetItemHistory(DataApiHost.Request("GET"), staff, "appointment", "a-1"));
        var (_, none) = DataApiHost.Read(await Function.GetItemHistory(DataApiHost.Request("GET"), staff, "exception", "x-1"));

        Assert.Equal(200, status);
        Assert.Equal("block:g-ev1", (string?)body!["item"]);
        Assert.Equal(["BlockRemoved", "BlockImported"], body["entries"]!.AsArray().Select(e => (string?)e!["action"]));
        Assert.Equal("the event was deleted in Google", (string?)body["entries"]![0]!["reason"]);
        Assert.Equal(200, limitedStatus);
        Assert.Single(limited!["entries"]!.AsArray());
        Assert.Equal("EventCreated", (string?)Assert.Single(other!["entries"]!.AsArray())!["action"]);
        Assert.Empty(none!["entries"]!.AsArray());
    }

    [Theory]
    [InlineData("meeting", "a-1", "", "kind")]
    [InlineData("appointment", "../etc", "", "id")]
    [InlineData("appointment", "a-1", "?limit=0", "limit")]
    [InlineData("appointment", "a-1", "?limit=201", "limit")]
    [InlineData("appointment", "a-1", "?limit=ten", "limit")]
    public async Task GetItemHistory_HostileRoute_Answers400NamingTheField(string kind, string id, string query, string field)
    {
        var (status, problem) = DataApiHost.Read(await Function.GetItemHistory(DataApiHost.Request("GET", query: query), "s-1", kind, id));

        Assert.Equal(400, status);
        Assert.Equal(field, (string?)problem!["field"]);
    }

    private ItemHistoryFunction Function => ActivatorUtilities.CreateInstance<ItemHistoryFunction>(_host.Services);

    public void Dispose() => _host.Dispose();
}
