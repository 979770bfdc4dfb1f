using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Functions.Http;
using CalendarSync.Functions.Tests.Fakes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;

namespace CalendarSync.Functions.Tests.Http;

public sealed class ConnectionsFunctionTests
{
    private readonly InMemoryConnections _store = new();
    private readonly ConnectionsFunction _function;

    public ConnectionsFunctionTests()
    {
        _store.Add(new ConnectionRecord { Connection = new CalendarConnection("jane", "jane@example.com"), TimeZoneId = "Europe/Berlin", Email = "jane@example.com" });
        _function = new ConnectionsFunction(new DisconnectService(_store, _store, _store, _store), NullLogger<ConnectionsFunction>.Instance);
    }

    [Fact]
    public async Task Disconnect_Connected_Answers204AndDisables()
    {
        var result = await _function.Disconnect(Request(""), "jane", CancellationToken.None);

        Assert.IsType<NoContentResult>(result);
        Assert.Equal(ConnectionStatus.Disabled, _store["jane"].Connection.Status);
        Assert.Equal(["jane"], _store.Revoked);
    }

    [Fact]
    public async Task Disconnect_Repeated_Answers204Again()
    {
        await _function.Disconnect(Request("?removeEvents=true"), "jane", CancellationToken.None);

        Assert.IsType<NoContentResult>(await _function.Disconnect(Request("?removeEvents=true"), "jane", CancellationToken.None));
        Assert.Equal(ConnectionStatus.Disabled, _store["jane"].Connection.Status);
    }

    [Theory]
    [InlineData("bob")]
    [InlineData("bad id with spaces")]
    public async Task Disconnect_UnknownStaff_Answers404(string staffId)
    {
        Assert.IsType<NotFoundObjectResult>(await _function.Disconnect(Request(""), staffId, CancellationToken.None));
        Assert.Empty(_store.Revoked);
    }

    [Fact]
    public async Task Disconnect_BadRemoveEvents_Answers400()
    {
        Assert.IsType<BadRequestObjectResult>(await _function.Disconnect(Request("?removeEvents=maybe"), "jane", CancellationToken.None));
        Assert.Equal(ConnectionStatus.Active, _store["jane"].Connection.Status);
    }

    private static HttpRequest Request(string query)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = "DELETE";
        request.QueryString = new QueryString(query.Length == 0 ? null : query);
        return request;
    }
}
