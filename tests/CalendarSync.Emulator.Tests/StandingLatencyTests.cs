using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CalendarSync.Testing;

namespace CalendarSync.Emulator.Tests;

/// <summary><see cref="EmulatorOptions.Latency"/>: one wait per HTTP round trip, as a network adds; each test starts its own emulator.</summary>
public sealed class StandingLatencyTests
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Latency_PlainRequest_IsServedThatMuchLater()
    {
        await using var host = await StartAsync();
        using var caller = await CalendarCaller.ForNewUserAsync(host.BaseUri);

        var watch = Stopwatch.StartNew();
        var answer = await caller.ListAsync();

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.True(watch.Elapsed >= Latency - TimeSpan.FromMilliseconds(10), $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task Latency_BatchOfTenParts_WaitsOnceNotPerPart()
    {
        await using var host = await StartAsync();
        var user = await EmulatorFixture.CreateUserAsync(host.BaseUri, scope: EmulatorFixture.FullScope, cancellationToken: TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = host.BaseUri };
        var body = new StringBuilder();
        for (var i = 0; i < 10; i++)
        {
            body.Append("--outer\r\nContent-Type: application/http\r\nContent-ID: <p").Append(i)
                .Append(">\r\n\r\nGET /calendar/v3/calendars/primary/events\r\n\r\n");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "batch/calendar/v3") { Content = new StringContent(body.Append("--outer--\r\n").ToString()) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/mixed; boundary=outer");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);

        var watch = Stopwatch.StartNew();
        using var answer = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var elapsed = watch.Elapsed;

        Assert.Equal(10, text.Split("HTTP/1.1 200 OK").Length - 1);
        Assert.True(elapsed >= Latency - TimeSpan.FromMilliseconds(10), $"answered after {elapsed}");

        // Ten waits would take three seconds; one leaves the rest of that for a loaded machine.
        Assert.True(elapsed < Latency * 10, $"answered after {elapsed}: the parts waited one by one");
    }

    [Fact]
    public async Task Latency_AdminPaths_AreNotHeld()
    {
        await using var host = await StartAsync(TimeSpan.FromSeconds(30));
        using var http = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(10) };

        using var answer = await http.GetAsync("emulator/faults", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    private static Task<EmulatorHost> StartAsync(TimeSpan? latency = null) =>
        EmulatorHost.StartAsync(o => o.Latency = latency ?? Latency, cancellationToken: TestContext.Current.CancellationToken);
}
