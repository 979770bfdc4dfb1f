using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CalendarSync.Testing;

namespace CalendarSync.Emulator.Tests.Batch;

public sealed class BatchEndpointTests(EmulatorFixture emulator)
{
    [Fact]
    public async Task Batch_ThreeParts_AnswersEachOnItsOwn()
    {
        var user = await emulator.CreateUserAsync(scope: EmulatorFixture.FullScope, cancellationToken: TestContext.Current.CancellationToken);
        var good = """{"id":"batch0001","start":{"date":"2026-06-01"},"end":{"date":"2026-06-02"}}""";
        var badId = """{"id":"BAD","start":{"date":"2026-06-01"},"end":{"date":"2026-06-02"}}""";
        var body = new StringBuilder()
            .Append(Part("item1", $"POST {emulator.BaseUri}calendar/v3/calendars/primary/events HTTP/1.1", good))
            .Append(Part("item2", "POST /calendar/v3/calendars/primary/events", badId))
            // Not the event item1 inserts: Google runs a batch's parts in any order, and so does the emulator.
            .Append(Part("item3", "GET /calendar/v3/calendars/primary", null))
            .Append("--outer--\r\n")
            .ToString();

        var (status, mediaType, text) = await SendAsync(body, user.AccessToken);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("multipart/mixed", mediaType);
        var parts = text.Split("Content-ID: ").Skip(1).ToList();
        Assert.Equal(3, parts.Count);
        Assert.StartsWith("<response-item1>", parts[0], StringComparison.Ordinal);
        Assert.Contains("HTTP/1.1 200 OK", parts[0], StringComparison.Ordinal);
        Assert.Contains("HTTP/1.1 400 Bad Request", parts[1], StringComparison.Ordinal);
        Assert.Contains("HTTP/1.1 200 OK", parts[2], StringComparison.Ordinal);
        Assert.Contains($"\"id\":\"{user.Email}\"", parts[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_MoveWithItsQueryAndAPartBeyondTheScopes_MovedAndThatPartAlone403()
    {
        var owner = await emulator.CreateUserAsync(scope: EmulatorFixture.FullScope, cancellationToken: TestContext.Current.CancellationToken);
        using var asOwner = new CalendarCaller(emulator.BaseUri, owner.AccessToken);
        var bookings = await asOwner.CreateCalendarAsync("Bookings");

        // CalendarSync's own consent: events, the calendar list read; not free/busy.
        var user = await emulator.CreateUserAsync(cancellationToken: TestContext.Current.CancellationToken);
        await emulator.ShareAsync(bookings, user.Email, "writer", TestContext.Current.CancellationToken);
        using var asUser = new CalendarCaller(emulator.BaseUri, user.AccessToken);
        var inserted = await asUser.InsertAsync(new { id = "batchmove1", start = new { date = "2026-06-01" }, end = new { date = "2026-06-02" } });
        var body = new StringBuilder()
            .Append(Part("item1", $"POST /calendar/v3/calendars/primary/events/batchmove1/move?destination={Uri.EscapeDataString(bookings)}", null))
            .Append(Part("item2", "POST /calendar/v3/freeBusy", """{"timeMin":"2026-06-01T00:00:00Z","timeMax":"2026-06-02T00:00:00Z","items":[]}"""))
            .Append("--outer--\r\n")
            .ToString();

        var (_, _, text) = await SendAsync(body, user.AccessToken);
        var parts = text.Split("Content-ID: ").Skip(1).ToList();
        var moved = await asOwner.GetAsync($"{CalendarCaller.EventsOf(bookings)}/batchmove1");

        Assert.Equal(HttpStatusCode.OK, inserted.Status);
        Assert.Contains("HTTP/1.1 200 OK", parts[0], StringComparison.Ordinal);
        Assert.Contains($"\"organizer\":{{\"email\":\"{bookings}\"", parts[0], StringComparison.Ordinal);
        Assert.Contains("HTTP/1.1 403 Forbidden", parts[1], StringComparison.Ordinal);
        Assert.Contains("ACCESS_TOKEN_SCOPE_INSUFFICIENT", parts[1], StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, "confirmed"), (moved.Status, moved.Text("status")));
    }

    [Fact]
    public async Task Batch_PartsAsGoogleApisWritesThem_AreServed()
    {
        var user = await emulator.CreateUserAsync(scope: EmulatorFixture.FullScope, cancellationToken: TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = emulator.BaseUri };

        // Google.Apis' BatchRequest writes "METHOD absolute-URL" without a protocol, with '\n' line ends.
        var json = """{"id":"batch0002","start":{"date":"2026-06-01"},"end":{"date":"2026-06-02"}}""";
        var body = "--outer\r\nContent-Type: application/http\r\n\r\n" +
                   $"POST {emulator.BaseUri}calendar/v3/calendars/primary/events\nContent-Type: application/json; charset=utf-8\n" +
                   $"Content-Length:  {json.Length}\n\n{json}\n\r\n--outer--\r\n";
        using var request = new HttpRequestMessage(HttpMethod.Post, "batch/calendar/v3") { Content = new StringContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/mixed; boundary=outer");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);

        using var answer = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Contains("HTTP/1.1 200 OK", text, StringComparison.Ordinal);
        Assert.Contains("\"id\":\"batch0002\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_FaultOnOnePartsPath_FailsOnlyThatPart()
    {
        await using var host = await EmulatorHost.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var user = await EmulatorFixture.CreateUserAsync(host.BaseUri, scope: EmulatorFixture.FullScope, cancellationToken: TestContext.Current.CancellationToken);
        await Admin.AdminCaller.FaultAsync(host.BaseUri, new { kind = "userRateLimitExceeded", path = "/calendar/v3/calendars/*/events", method = "GET" });
        using var http = new HttpClient { BaseAddress = host.BaseUri };
        var body = Part("list", "GET /calendar/v3/calendars/primary/events", null) +
                   Part("calendar", "GET /calendar/v3/calendars/primary", null) + "--outer--\r\n";
        using var request = new HttpRequestMessage(HttpMethod.Post, "batch/calendar/v3") { Content = new StringContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/mixed; boundary=outer");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);

        using var answer = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var parts = (await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split("Content-ID: ").Skip(1).ToList();

        Assert.Contains("HTTP/1.1 403 Forbidden", parts[0], StringComparison.Ordinal);
        Assert.Contains("userRateLimitExceeded", parts[0], StringComparison.Ordinal);
        Assert.Contains("HTTP/1.1 200 OK", parts[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_PartWithoutValidToken_Answers401ForThatPart()
    {
        using var http = new HttpClient { BaseAddress = emulator.BaseUri };
        var body = Part("a", "GET /calendar/v3/calendars/primary/events", null) + "--outer--\r\n";
        using var request = new HttpRequestMessage(HttpMethod.Post, "batch/calendar/v3") { Content = new StringContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/mixed; boundary=outer");

        using var answer = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("HTTP/1.1 401 Unauthorized", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_NotMultipart_Returns400()
    {
        using var http = new HttpClient { BaseAddress = emulator.BaseUri };

        using var answer = await http.PostAsync("batch/calendar/v3", new StringContent("{}"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
    }

    /// <summary>POSTs a multipart/mixed batch (boundary <c>outer</c>) as <paramref name="accessToken"/>; the answer's status, media type and text.</summary>
    private async Task<(HttpStatusCode Status, string? MediaType, string Text)> SendAsync(string body, string accessToken)
    {
        using var http = new HttpClient { BaseAddress = emulator.BaseUri };
        using var request = new HttpRequestMessage(HttpMethod.Post, "batch/calendar/v3") { Content = new StringContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/mixed; boundary=outer");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var answer = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return (answer.StatusCode, answer.Content.Headers.ContentType?.MediaType, await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static string Part(string contentId, string requestLine, string? json)
    {
        var part = new StringBuilder()
            .Append("--outer\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n")
            .Append("Content-ID: <").Append(contentId).Append(">\r\n\r\n")
            .Append(requestLine).Append("\r\n");
        if (json is not null)
        {
            part.Append("Content-Type: application/json\r\n\r\n").Append(json).Append("\r\n");
        }
        else
        {
            part.Append("\r\n");
        }

        return part.ToString();
    }
}
