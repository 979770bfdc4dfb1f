using CalendarSync.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CalendarSync.Functions.Tests.Http;

public sealed class NotBuiltYetTests
{
    public static TheoryData<Func<HttpRequest, IActionResult>> Endpoints => new()
    {
        request => new OAuthFunction().Connect(request),
        request => new OAuthFunction().OAuthCallback(request),
        request => new SyncStatusFunction().SyncStatus(request),
        request => new ManualSyncFunction().RequestSync(request),
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public void Endpoint_WithoutItsService_Answers501WithMessage(Func<HttpRequest, IActionResult> endpoint)
    {
        var result = Assert.IsType<ObjectResult>(endpoint(new DefaultHttpContext().Request));

        Assert.Equal(StatusCodes.Status501NotImplemented, result.StatusCode);
        Assert.Contains("not available", System.Text.Json.JsonSerializer.Serialize(result.Value), StringComparison.Ordinal);
    }
}
