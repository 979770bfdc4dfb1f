using System.Net;
using CalendarSync.Google.Calendar;
using CalendarSync.Google.Calendar.Data;
using CalendarSync.Google.Tests.Fakes;
using Google.Apis.Requests;
using Google.Apis.Util;

namespace CalendarSync.Google.Tests.Calendar;

/// <summary>The requests our Calendar v3 subset puts on the wire, as Google documents them.</summary>
public sealed class CalendarServiceTests
{
    [Fact]
    public async Task List_WithSyncTokenAndFilters_PutsGoogleParametersInQuery()
    {
        var transport = new ScriptedHandler().Then(HttpStatusCode.OK, """{"kind":"calendar#events","items":[],"nextSyncToken":"tok-2"}""");
        var service = Create(transport);

        var request = service.Events.List("jane@example.com");
        request.SyncToken = "tok-1";
        request.MaxResults = 2500;
        request.SingleEvents = true;
        request.ShowDeleted = true;
        request.Fields = "items(id,etag),nextPageToken,nextSyncToken";
        var page = await request.ExecuteAsync(TestContext.Current.CancellationToken);

        var uri = transport.Requests.Single().Request.RequestUri!;
        Assert.Equal("/calendar/v3/calendars/jane%40example.com/events", uri.AbsolutePath);
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        Assert.Equal("tok-1", query["syncToken"]);
        Assert.Equal("2500", query["maxResults"]);
        Assert.Equal("true", query["singleEvents"]);
        Assert.Equal("true", query["showDeleted"]);
        Assert.Equal("items(id,etag),nextPageToken,nextSyncToken", query["fields"]);
        Assert.Equal("tok-2", page.NextSyncToken);
        Assert.Equal("Bearer test-access-token", transport.Requests.Single().Request.Headers.Authorization!.ToString());
    }

    [Fact]
    public async Task List_WindowAndPrivateProperties_AreRfc3339AndRepeated()
    {
        var transport = new ScriptedHandler().Then(HttpStatusCode.OK, """{"items":[]}""");
        var service = Create(transport);

        var request = service.Events.List("primary");
        request.TimeMinDateTimeOffset = new DateTimeOffset(2026, 3, 29, 0, 30, 0, TimeSpan.Zero);
        request.TimeMaxDateTimeOffset = new DateTimeOffset(2026, 3, 30, 0, 0, 0, TimeSpan.FromHours(2));
        request.PrivateExtendedProperty = new Repeatable<string>(["calsyncKey=appointment:1", "calsyncOwner=x"]);
        await request.ExecuteAsync(TestContext.Current.CancellationToken);

        var query = System.Web.HttpUtility.ParseQueryString(transport.Requests.Single().Request.RequestUri!.Query);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 0, 30, 0, TimeSpan.Zero), DateTimeOffset.Parse(query["timeMin"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 22, 0, 0, TimeSpan.Zero), DateTimeOffset.Parse(query["timeMax"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(["calsyncKey=appointment:1", "calsyncOwner=x"], query.GetValues("privateExtendedProperty") ?? []);
    }

    [Fact]
    public async Task Insert_SendsClientIdAndPrivatePropertiesAsGoogleJson()
    {
        var transport = new ScriptedHandler().Then(HttpStatusCode.OK, """{"id":"abcdef","etag":"\"1\""}""");
        var service = Create(transport);

        await service.Events.Insert(
            new Event
            {
                Id = "abcdef",
                Summary = "Appointment: Jane Doe",
                Start = new EventDateTime { DateTimeRaw = "2026-03-29T10:00:00+02:00", TimeZone = "Europe/Berlin" },
                End = new EventDateTime { Date = "2026-03-30" },
                Transparency = "opaque",
                ExtendedProperties = new Event.ExtendedPropertiesData { Private__ = new Dictionary<string, string> { ["calsyncKey"] = "appointment:1" } },
            },
            "jane@example.com").ExecuteAsync(TestContext.Current.CancellationToken);

        var (request, body) = transport.Requests.Single();
        Assert.Equal(HttpMethod.Post, request.Method);
        var json = System.Text.Json.Nodes.JsonNode.Parse(body!)!;
        Assert.Equal("abcdef", (string?)json["id"]);
        Assert.Equal("2026-03-29T10:00:00+02:00", (string?)json["start"]!["dateTime"]);
        Assert.Equal("Europe/Berlin", (string?)json["start"]!["timeZone"]);
        Assert.Equal("2026-03-30", (string?)json["end"]!["date"]);
        Assert.Equal("appointment:1", (string?)json["extendedProperties"]!["private"]!["calsyncKey"]);
        Assert.Null(json["etag"]);
    }

    [Theory]
    [InlineData("update")]
    [InlineData("patch")]
    public async Task UpdateOrPatch_WithETag_SendsIfMatch(string method)
    {
        var transport = new ScriptedHandler().Then(HttpStatusCode.OK, """{"id":"abcdef"}""");
        var service = Create(transport);
        var body = new Event { Summary = "Moved", ETag = "\"3181161784712000\"" };

        ClientServiceRequest<Event> request = method == "update"
            ? service.Events.Update(body, "jane@example.com", "abcdef")
            : service.Events.Patch(body, "jane@example.com", "abcdef");
        await request.ExecuteAsync(TestContext.Current.CancellationToken);

        var sent = transport.Requests.Single().Request;
        Assert.Equal(method == "update" ? HttpMethod.Put : HttpMethod.Patch, sent.Method);
        Assert.Equal("\"3181161784712000\"", sent.Headers.IfMatch.Single().ToString());
    }

    [Fact]
    public async Task CalendarListGet_Primary_ReadsIdAndTimeZone()
    {
        var transport = new ScriptedHandler().Then(HttpStatusCode.OK, """{"kind":"calendar#calendarListEntry","id":"jane@example.com","timeZone":"Europe/Berlin","primary":true}""");
        var service = Create(transport);

        var primary = await service.CalendarList.Get("primary").ExecuteAsync(TestContext.Current.CancellationToken);

        Assert.Equal("/calendar/v3/users/me/calendarList/primary", transport.Requests.Single().Request.RequestUri!.AbsolutePath);
        Assert.Equal("jane@example.com", primary.Id);
        Assert.Equal("Europe/Berlin", primary.TimeZone);
    }

    [Fact]
    public async Task WatchAndStop_UseGooglePaths()
    {
        var transport = new ScriptedHandler()
            .Then(HttpStatusCode.OK, """{"kind":"api#channel","id":"ch-1","resourceId":"res-1","expiration":"1790000000000"}""")
            .Then(HttpStatusCode.NoContent, "");
        var service = Create(transport);

        var channel = await service.Events.Watch(new Channel { Id = "ch-1", Type = "web_hook", Address = "https://app.example/api/calendar/notifications", Token = "t" }, "jane@example.com")
            .ExecuteAsync(TestContext.Current.CancellationToken);
        await service.Channels.Stop(new Channel { Id = channel.Id, ResourceId = channel.ResourceId }).ExecuteAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1790000000000, channel.Expiration);
        Assert.Equal("/calendar/v3/calendars/jane%40example.com/events/watch", transport.Requests[0].Request.RequestUri!.AbsolutePath);
        Assert.Equal("/calendar/v3/channels/stop", transport.Requests[1].Request.RequestUri!.AbsolutePath);
    }

    [Fact]
    public void BaseUri_FromRoot_PutsCalendarAndBatchOnTheSameOrigin()
    {
        using var service = new CalendarService(new global::Google.Apis.Services.BaseClientService.Initializer { BaseUri = "http://127.0.0.1:8085" });

        Assert.Equal("http://127.0.0.1:8085/calendar/v3/", service.BaseUri);
        Assert.Equal("http://127.0.0.1:8085/batch/calendar/v3", service.BatchUri);
        using var google = new CalendarService();
        Assert.Equal("https://www.googleapis.com/calendar/v3/", google.BaseUri);
        Assert.Equal("https://www.googleapis.com/batch/calendar/v3", google.BatchUri);
    }

    private static CalendarService Create(ScriptedHandler transport)
    {
        var options = new GoogleOptions { ApiRootUri = new Uri("http://google.test/") };
        return new CalendarServiceFactory(options, TimeProvider.System, transport).Create(new StaticBearer("test-access-token"));
    }
}
