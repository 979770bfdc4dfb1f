using CalendarSync.Core.Data;
using System.Text;
using Azure.Storage.Queues;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Testing;

namespace CalendarSync.Functions.Tests.Http;

/// <summary>The data API called as the host calls it, with Table Storage and the sync queue on Azurite behind it.</summary>
public sealed class DataApiFunctionTests(AzuriteFixture azurite) : IDisposable
{
    private const string Lesson = """{"start":"2026-12-01T09:00:00+01:00","end":"2026-12-01T10:00:00+01:00","customerName":"Jane Doe","title":"Lesson"}""";

    private readonly DataApiHost _host = new(azurite);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> HostileAppointmentBodies => new()
    {
        { "not json", "body" },
        { "", "body" },
        { "[1,2]", "body" },
        { "\"text\"", "body" },
        { """{"a":[[[[[[1]]]]]]}""", "body" },
        { """{"start":"2026-12-01T09:00:00Z","end":"2026-12-01T10:00:00Z","customerName":"A","extra":1}""", "body" },
        { """{"start":"2026-12-01T09:00:00Z","end":"2026-12-01T10:00:00Z","customerName":"A","customerName":"B"}""", "customerName" },
        { """{"start":1764579600,"end":"2026-12-01T10:00:00Z","customerName":"A"}""", "start" },
        { """{"start":"2026-12-01T09:00:00Z","end":true,"customerName":"A"}""", "end" },
        { """{"start":"2026-12-01T10:00:00Z","end":"2026-12-01T09:00:00Z","customerName":"A"}""", "end" },
        { """{"start":"2026-12-01T10:00:00Z","end":"2026-12-01T10:00:00Z","customerName":"A"}""", "end" },
        { """{"start":"2026-12-01T09:00:00","end":"2026-12-01T10:00:00","customerName":"A"}""", "start" },
        { """{"start":"2026-13-01T09:00:00Z","end":"2026-12-01T10:00:00Z","customerName":"A"}""", "start" },
        { """{"start":"1900-01-01T09:00:00Z","end":"1900-01-01T10:00:00Z","customerName":"A"}""", "start" },
        { """{"start":"9999-12-31T09:00:00Z","end":"9999-12-31T10:00:00Z","customerName":"A"}""", "start" },
        { """{"start":"2026-01-01T09:00:00Z","end":"2027-03-01T10:00:00Z","customerName":"A"}""", "end" },
        { """{"start":"next tuesday","end":"2026-12-01T10:00:00Z","customerName":"A"}""", "start" },
        { """{"end":"2026-12-01T10:00:00Z","customerName":"A"}""", "start" },
        { """{"startDate":"2026-12-01","endDate":"2026-12-02","customerName":"A"}""", "body" },
        { """{"start":"2026-12-01T09:00:00Z","end":"2026-12-01T10:00:00Z"}""", "customerName" },
        { """{"start":"2026-12-01T09:00:00Z","end":"2026-12-01T10:00:00Z","customerName":null}""", "customerName" },
        { """{"start":"2026-12-01T09:00:00Z","end":"2026-12-01T10:00:00Z","customerName":"   "}""", "customerName" },
        { """{"start":"2026-12-01T09:00:00Z","end":"2026-12-01T10:00:00Z","customerName":42}""", "customerName" },
        { """{"start":"2026-12-01T09:00:00Z","end":"2026-12-01T10:00:00Z","customerName":{"first":"A"}}""", "customerName" },
        { """{"start":"2026-12-01T09:00:00Z","end":"2026-12-01T10:00:00Z","customerName":"A\u0000B"}""", "customerName" },
        { $$"""{"start":"2026-12-01T09:00:00Z","end":"2026-12-01T10:00:00Z","customerName":"{{new string('x', 201)}}"}""", "customerName" },
        { $$"""{"start":"2026-12-01T09:00:00Z","end":"2026-12-01T10:00:00Z","customerName":"A","title":"{{new string('x', 201)}}"}""", "title" },
        { $$"""{"start":"2026-12-01T09:00:00Z","end":"2026-12-01T10:00:00Z","customerName":"A","notes":"{{new string('x', 2001)}}"}""", "notes" },
        { """{"start":"2026-12-01T09:00:00Z","end":"2026-12-01T10:00:00Z","customerName":"A","status":"maybe"}""", "status" },
        { """{"start":"2026-12-01T09:00:00Z","end":"2026-12-01T10:00:00Z","customerName":"A","status":1}""", "status" },
        { """{"start":"2026-12-01T09:00:00Z","end":"2026-12-01T10:00:00Z","customerName":"<script>alert(1)</script>","status":"Booked"}""", "status" },
    };

    public static TheoryData<string> HostileIds => new()
    {
        "../etc", "a b", "<script>", "a/b", "a'or'1'='1", "id%00", "é", new string('a', 129), "a\nb", " ",
    };

    [Fact]
    public async Task PutAppointment_NewThenChanged_Answers201Then200WithVersion()
    {
        var staff = NewStaff();

        var (created, body) = DataApiHost.Read(await _host.Function.PutAppointment(DataApiHost.Request("PUT", Lesson), staff, "a-1"));
        var (changed, again) = DataApiHost.Read(await _host.Function.PutAppointment(
            DataApiHost.Request("PUT", Lesson.Replace("Lesson", "Exam", StringComparison.Ordinal)), staff, "a-1"));

        Assert.Equal(201, created);
        Assert.Equal(1, (long)body!["item"]!["version"]!);
        Assert.Equal("2026-12-01T08:00:00+00:00", (string?)body["item"]!["start"]);
        Assert.Equal(200, changed);
        Assert.Equal(2, (long)again!["item"]!["version"]!);
        Assert.Equal("Exam", (string?)again["item"]!["title"]);
        Assert.NotNull((string?)again["item"]!["lastModified"]);
    }

    [Fact]
    public async Task DeleteAppointment_ExistingThenAgain_Answers204Then404()
    {
        var staff = NewStaff();
        await _host.Function.PutAppointment(DataApiHost.Request("PUT", Lesson), staff, "a-1");

        var (first, _) = DataApiHost.Read(await _host.Function.DeleteAppointment(DataApiHost.Request("DELETE"), staff, "a-1"));
        var (second, problem) = DataApiHost.Read(await _host.Function.DeleteAppointment(DataApiHost.Request("DELETE"), staff, "a-1"));

        Assert.Equal(204, first);
        Assert.Equal(404, second);
        Assert.Equal("id", (string?)problem!["field"]);
        Assert.Empty(await BusyAsync(staff, "2026-11-30T00:00:00Z", "2026-12-03T00:00:00Z"));
    }

    [Theory]
    [MemberData(nameof(HostileAppointmentBodies))]
    public async Task PutAppointment_HostileBody_Answers400NamingFieldAndStoresNothing(string body, string field)
    {
        var staff = NewStaff();

        var (status, problem) = DataApiHost.Read(await _host.Function.PutAppointment(DataApiHost.Request("PUT", body), staff, "a-1"));

        Assert.Equal(400, status);
        Assert.Equal(field, (string?)problem!["field"]);
        Assert.Equal("Invalid request", (string?)problem["title"]);
        await AssertNothingStoredAsync(staff, "a-1");
    }

    [Theory]
    [MemberData(nameof(HostileIds))]
    public async Task PutAppointment_HostileItemId_Answers400AndStoresNothing(string id)
    {
        var staff = NewStaff();

        var (status, problem) = DataApiHost.Read(await _host.Function.PutAppointment(DataApiHost.Request("PUT", Lesson), staff, id));

        Assert.Equal(400, status);
        Assert.Equal("id", (string?)problem!["field"]);
        Assert.Empty(await BusyAsync(staff, "2026-11-30T00:00:00Z", "2026-12-03T00:00:00Z"));
    }

    [Theory]
    [MemberData(nameof(HostileIds))]
    public async Task DataApi_HostileStaffId_Answers400(string staffId)
    {
        var put = DataApiHost.Read(await _host.Function.PutBlock(
            DataApiHost.Request("PUT", """{"startDate":"2026-12-01","endDate":"2026-12-02"}"""), staffId, "b-1"));
        var delete = DataApiHost.Read(await _host.Function.DeleteException(DataApiHost.Request("DELETE"), staffId, "e-1"));
        var busy = DataApiHost.Read(await _host.Function.GetBusy(
            DataApiHost.Request("GET", query: "?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z"), staffId));
        var blocks = DataApiHost.Read(await _host.Function.ListBlocks(DataApiHost.Request("GET"), staffId));

        Assert.All([put, delete, busy, blocks], answer =>
        {
            Assert.Equal(400, answer.Status);
            Assert.Equal("staffId", (string?)answer.Body!["field"]);
        });
    }

    [Theory]
    [InlineData("""{"startDate":"2026-12-03","endDate":"2026-12-01"}""", "endDate")]
    [InlineData("""{"startDate":"2026-12-01","endDate":"2026-12-01"}""", "endDate")]
    [InlineData("""{"startDate":"2026-12-01","endDate":"2028-12-01"}""", "endDate")]
    [InlineData("""{"startDate":"01/12/2026","endDate":"2026-12-02"}""", "startDate")]
    [InlineData("""{"startDate":"2026-12-01"}""", "endDate")]
    [InlineData("""{"startDate":"2026-12-01","endDate":"2026-12-02","start":"2026-12-01T09:00:00Z"}""", "start")]
    [InlineData("""{}""", "startDate")]
    [InlineData("""{"startDate":"2026-12-01","endDate":"2026-12-02","origin":"google"}""", "body")]
    [InlineData("""{"startDate":"2026-12-01","endDate":"2026-12-02","summary":["x"]}""", "summary")]
    public async Task PutBlock_HostileBody_Answers400AndStoresNothing(string body, string field)
    {
        var staff = NewStaff();

        var (status, problem) = DataApiHost.Read(await _host.Function.PutBlock(DataApiHost.Request("PUT", body), staff, "b-1"));

        Assert.Equal(400, status);
        Assert.Equal(field, (string?)problem!["field"]);
        Assert.Null(await _host.Data.DeleteAsync(staff, new ItemKey(ItemKind.Block, "b-1"), false, Cancel));
    }

    [Fact]
    public async Task PutBlock_IdOfGoogleBlock_Answers400()
    {
        var staff = NewStaff();

        var (status, problem) = DataApiHost.Read(await _host.Function.PutBlock(
            DataApiHost.Request("PUT", """{"startDate":"2026-12-01","endDate":"2026-12-02"}"""), staff, "g-event1"));

        Assert.Equal(400, status);
        Assert.Equal("id", (string?)problem!["field"]);
    }

    [Theory]
    [InlineData("""{"startDate":"2026-12-24","endDate":"2026-12-27"}""", "name")]
    [InlineData("""{"startDate":"2026-12-24","endDate":"2026-12-27","name":""}""", "name")]
    [InlineData("""{"start":"2026-12-24T00:00:00Z","end":"2026-12-27T00:00:00Z","name":"Xmas"}""", "body")]
    [InlineData("""{"startDate":"2026-12-27","endDate":"2026-12-24","name":"Xmas"}""", "endDate")]
    public async Task PutClosure_HostileBody_Answers400AndStoresNothing(string body, string field)
    {
        var id = "c-" + Guid.NewGuid().ToString("N");

        var (status, problem) = DataApiHost.Read(await _host.Function.PutClosure(DataApiHost.Request("PUT", body), id));

        Assert.Equal(400, status);
        Assert.Equal(field, (string?)problem!["field"]);
        Assert.Null(await _host.Data.DeleteClosureAsync(id, false, Cancel));
    }

    [Theory]
    [InlineData("?to=2026-12-02T00:00:00Z", "from")]
    [InlineData("?from=2026-12-01T00:00:00Z", "to")]
    [InlineData("?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "to")]
    [InlineData("?from=2026-12-01T00:00:00Z&to=2026-12-01T00:00:00Z", "to")]
    [InlineData("?from=2026-01-01T00:00:00Z&to=2026-04-05T00:00:00Z", "to")]
    [InlineData("?from=0001-01-01T00:00:00Z&to=9999-01-01T00:00:00Z", "from")]
    [InlineData("?from=2026-12-01&to=2026-12-02T00:00:00Z", "from")]
    [InlineData("?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z&timeZone=Mars/Olympus_Mons", "timeZone")]
    [InlineData("?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z&timeZone=", "timeZone")]
    [InlineData("?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z&timeZone=../../etc/passwd", "timeZone")]
    [InlineData("?from=2026-12-01T00:00:00Z&from=2026-12-01T01:00:00Z&to=2026-12-02T00:00:00Z", "from")]
    public async Task GetBusy_HostileQuery_Answers400NamingField(string query, string field)
    {
        var (status, problem) = DataApiHost.Read(await _host.Function.GetBusy(DataApiHost.Request("GET", query: query), NewStaff()));

        Assert.Equal(400, status);
        Assert.Equal(field, (string?)problem!["field"]);
    }

    [Fact]
    public async Task PutAppointment_BodyOverLimit_Answers413AndStoresNothing()
    {
        var staff = NewStaff();
        var huge = Lesson.Replace("\"Lesson\"", "\"" + new string('x', 70_000) + "\"", StringComparison.Ordinal);

        var (declared, _) = DataApiHost.Read(await _host.Function.PutAppointment(DataApiHost.Request("PUT", huge), staff, "a-1"));
        var (undeclared, _) = DataApiHost.Read(await _host.Function.PutAppointment(
            DataApiHost.Request("PUT", huge, contentLength: null), staff, "a-1"));
        var (claimed, _) = DataApiHost.Read(await _host.Function.PutAppointment(
            DataApiHost.Request("PUT", Lesson, contentLength: 10_000_000), staff, "a-1"));

        Assert.Equal(413, declared);
        Assert.Equal(413, undeclared);
        Assert.Equal(413, claimed);
        await AssertNothingStoredAsync(staff, "a-1");
    }

    [Fact]
    public async Task PutAppointment_SyncNotNow_Answers400AndStoresNothing()
    {
        var staff = NewStaff();

        var (status, problem) = DataApiHost.Read(await _host.Function.PutAppointment(DataApiHost.Request("PUT", Lesson, "?sync=later"), staff, "a-1"));

        Assert.Equal(400, status);
        Assert.Equal("sync", (string?)problem!["field"]);
        await AssertNothingStoredAsync(staff, "a-1");
    }

    [Fact]
    public async Task PutAndDelete_SyncNow_Answer202AndQueueManualSync()
    {
        var staff = NewStaff();
        await _host.Connections.SaveAsync(new ConnectionRecord
        {
            Connection = new CalendarConnection(staff, staff + "@example.com"),
            TimeZoneId = "Europe/Berlin",
            Email = staff + "@example.com",
        }, Cancel);

        var (put, body) = DataApiHost.Read(await _host.Function.PutAppointment(DataApiHost.Request("PUT", Lesson, "?sync=now"), staff, "a-1"));
        var (delete, _) = DataApiHost.Read(await _host.Function.DeleteAppointment(DataApiHost.Request("DELETE", query: "?sync=now"), staff, "a-1"));

        Assert.Equal(202, put);
        Assert.Equal(1, (int)body!["syncsQueued"]!);
        Assert.Null(body["warning"]);
        Assert.Equal(202, delete);
        var queue = new QueueClient(azurite.ConnectionString, _host.QueueName);
        var messages = (await queue.PeekMessagesAsync(32, Cancel)).Value
            .Select(m => Encoding.UTF8.GetString(Convert.FromBase64String(m.Body.ToString())))
            .Where(m => m.Contains($"\"staffId\":\"{staff}\"", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(2, messages.Count);
        Assert.All(messages, m => Assert.Contains("\"reason\":\"manual\"", m, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PutAppointment_StaffMemberNeverConnected_StoresButWarnsThatNothingSyncs()
    {
        var staff = NewStaff();

        var (status, body) = DataApiHost.Read(await _host.Function.PutAppointment(DataApiHost.Request("PUT", Lesson, "?sync=now"), staff, "a-1"));

        Assert.Equal(202, status);
        Assert.Equal(0, (int)body!["syncsQueued"]!);
        Assert.Contains($"'{staff}' has no calendar connection", (string?)body["warning"], StringComparison.Ordinal);
        Assert.Equal(1, (int)body["item"]!["version"]!);
    }

    [Fact]
    public async Task GetBusy_OverlappingItemsAcrossDstEnd_MergesAllDayInStaffZone()
    {
        var staff = NewStaff();
        // 25 October 2026 is 25 hours long in Berlin: midnight is 22:00Z the day before, the next midnight 23:00Z.
        await Put(_host.Function.PutException(DataApiHost.Request("PUT", """{"startDate":"2026-10-25","endDate":"2026-10-26","reason":"Leave"}"""), staff, "e-1"));
        await Put(_host.Function.PutAppointment(DataApiHost.Request("PUT",
            """{"start":"2026-10-25T22:30:00Z","end":"2026-10-26T00:00:00Z","customerName":"Jane"}"""), staff, "a-1"));
        await Put(_host.Function.PutBlock(DataApiHost.Request("PUT",
            """{"start":"2026-10-26T08:00:00Z","end":"2026-10-26T09:00:00Z","summary":"Lunch"}"""), staff, "b-1"));
        await Put(_host.Function.PutBlock(DataApiHost.Request("PUT",
            """{"start":"2026-10-26T08:30:00Z","end":"2026-10-26T10:00:00Z"}"""), staff, "b-2"));
        await Put(_host.Function.PutAppointment(DataApiHost.Request("PUT",
            """{"start":"2026-10-26T12:00:00Z","end":"2026-10-26T13:00:00Z","customerName":"Cancelled","status":"cancelled"}"""), staff, "a-2"));

        var busy = await BusyAsync(staff, "2026-10-24T00:00:00Z", "2026-10-27T00:00:00Z", "Europe/Berlin");

        Assert.Equal(
            [
                ("2026-10-24T22:00:00+00:00", "2026-10-26T00:00:00+00:00"),
                ("2026-10-26T08:00:00+00:00", "2026-10-26T10:00:00+00:00"),
            ],
            busy);
    }

    [Fact]
    public async Task GetBusy_RangeCutsItems_ClipsToRange()
    {
        var staff = NewStaff();
        await Put(_host.Function.PutException(DataApiHost.Request("PUT", """{"startDate":"2026-12-01","endDate":"2026-12-10"}"""), staff, "e-1"));

        var busy = await BusyAsync(staff, "2026-12-05T00:00:00Z", "2026-12-06T00:00:00Z", "UTC");

        Assert.Equal([("2026-12-05T00:00:00+00:00", "2026-12-06T00:00:00+00:00")], busy);
    }

    [Fact]
    public async Task GetBusy_ClosureOnDstStart_IsInBusinessZoneWhateverTheStaffZone()
    {
        var staff = NewStaff();
        var id = "c-" + Guid.NewGuid().ToString("N");
        // 30 March 2031 is 23 hours long in Berlin (the business zone of the sample settings): 23:00Z to 22:00Z, not New York's midnights.
        var (status, _) = DataApiHost.Read(await _host.Function.PutClosure(
            DataApiHost.Request("PUT", """{"startDate":"2031-03-30","endDate":"2031-03-31","name":"Closed"}"""), id));

        var busy = await BusyAsync(staff, "2031-03-29T00:00:00Z", "2031-04-01T00:00:00Z", "America/New_York");
        await _host.Data.DeleteClosureAsync(id, false, Cancel);

        Assert.Equal(201, status);
        Assert.Equal([("2031-03-29T23:00:00+00:00", "2031-03-30T22:00:00+00:00")], busy);
    }

    [Fact]
    public async Task PutClosure_SyncNow_Answers202AndDeleteFindsIt()
    {
        var id = "c-" + Guid.NewGuid().ToString("N");

        var (put, body) = DataApiHost.Read(await _host.Function.PutClosure(
            DataApiHost.Request("PUT", """{"startDate":"2032-12-24","endDate":"2032-12-27","name":"Christmas"}""", "?sync=now"), id));
        var (delete, _) = DataApiHost.Read(await _host.Function.DeleteClosure(DataApiHost.Request("DELETE"), id));
        var (again, _) = DataApiHost.Read(await _host.Function.DeleteClosure(DataApiHost.Request("DELETE"), id));

        Assert.Equal(202, put);
        Assert.Equal("2032-12-24", (string?)body!["item"]!["startDate"]);
        Assert.Equal(204, delete);
        Assert.Equal(404, again);
    }

    [Fact]
    public async Task PutClosure_SyncNow_QueuesEveryEnabledConnectionOnly()
    {
        var enabled = NewStaff();
        var reauth = NewStaff();
        await ConnectAsync(enabled, "Europe/Berlin", ConnectionStatus.Active);
        await ConnectAsync(reauth, "Europe/Berlin", ConnectionStatus.ReauthRequired);
        var id = "c-" + Guid.NewGuid().ToString("N");

        var (put, body) = DataApiHost.Read(await _host.Function.PutClosure(
            DataApiHost.Request("PUT", """{"startDate":"2033-05-01","endDate":"2033-05-02","name":"Labour Day"}""", "?sync=now"), id));
        await _host.Data.DeleteClosureAsync(id, false, Cancel);

        Assert.Equal(202, put);
        Assert.True((int)body!["syncsQueued"]! >= 1);
        var queued = await QueuedForAsync([enabled, reauth]);
        Assert.Equal([enabled], queued);
    }

    [Fact]
    public async Task GetBusy_NoZoneGiven_UsesTheConnectionsZone()
    {
        var staff = NewStaff();
        await ConnectAsync(staff, "America/New_York", ConnectionStatus.Active);
        await Put(_host.Function.PutException(DataApiHost.Request("PUT", """{"startDate":"2026-12-01","endDate":"2026-12-02"}"""), staff, "e-1"));

        var (status, body) = DataApiHost.Read(await _host.Function.GetBusy(
            DataApiHost.Request("GET", query: "?from=2026-11-30T00:00:00Z&to=2026-12-03T00:00:00Z"), staff));

        Assert.Equal(200, status);
        Assert.Equal("America/New_York", (string?)body!["timeZone"]);
        Assert.Equal("2026-12-01T05:00:00+00:00", (string?)body["busy"]![0]!["start"]);
        Assert.Equal("2026-12-02T05:00:00+00:00", (string?)body["busy"]![0]!["end"]);
    }

    [Fact]
    public async Task ListBlocks_LocalBlocks_ShowOrigin()
    {
        var staff = NewStaff();
        await Put(_host.Function.PutBlock(DataApiHost.Request("PUT", """{"startDate":"2026-12-01","endDate":"2026-12-02","summary":"Off"}"""), staff, "b-1"));

        var (status, body) = DataApiHost.Read(await _host.Function.ListBlocks(DataApiHost.Request("GET"), staff));

        Assert.Equal(200, status);
        var item = Assert.Single(body!["items"]!.AsArray());
        Assert.Equal("local", (string?)item!["origin"]);
        Assert.Equal("Off", (string?)item["summary"]);
    }

    [Fact]
    public async Task ListBlocks_SummaryWithMarkupAndControlCharacters_IsEncodedInTheJsonTheHostWrites()
    {
        // As stored before block summaries were made plain text, or by any other writer of the store.
        const string Summary = "<script>alert('x')</script> & \u001b]0;title\u0007\u202eevil";
        var staff = NewStaff();
        var start = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        await _host.Store.WriteGoogleBlocksAsync(staff, [GoogleBlockWrite.Upsert("outsider1", Period.Timed(start, start.AddHours(1)), Summary, 1)], Cancel);

        var written = await _host.WrittenAsync(await _host.Function.ListBlocks(DataApiHost.Request("GET"), staff));

        Assert.All(written, c => Assert.True(c is >= ' ' and <= '~' and not ('<' or '>' or '&' or '\''), $"Raw {(int)c:x4} in {written}"));
        Assert.Equal(Summary, (string?)System.Text.Json.Nodes.JsonNode.Parse(written)!["items"]![0]!["summary"]);
    }

    public void Dispose() => _host.Dispose();

    private static string NewStaff() => "s-" + Guid.NewGuid().ToString("N");

    private static async Task Put(Task<Microsoft.AspNetCore.Mvc.IActionResult> put)
    {
        var (status, body) = DataApiHost.Read(await put);
        Assert.True(status is 200 or 201, $"The put answered {status}: {body}");
    }

    private async Task<List<(string, string)>> BusyAsync(string staff, string from, string to, string? zone = null)
    {
        var query = $"?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}" + (zone is null ? "" : $"&timeZone={Uri.EscapeDataString(zone)}");
        var (status, body) = DataApiHost.Read(await _host.Function.GetBusy(DataApiHost.Request("GET", query: query), staff));
        Assert.Equal(200, status);
        return body!["busy"]!.AsArray().Select(p => ((string)p!["start"]!, (string)p["end"]!)).ToList();
    }

    private async Task ConnectAsync(string staff, string zone, ConnectionStatus status) =>
        await _host.Connections.SaveAsync(
            new ConnectionRecord
            {
                Connection = new CalendarConnection(staff, staff + "@example.com", status: status),
                TimeZoneId = zone,
                Email = staff + "@example.com",
            },
            Cancel);

    private async Task<List<string>> QueuedForAsync(IReadOnlyList<string> staff)
    {
        var queue = new QueueClient(azurite.ConnectionString, _host.QueueName);
        return (await queue.PeekMessagesAsync(32, Cancel)).Value
            .SelectMany(m => SyncRequestPage.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(m.Body.ToString()))).Requests)
            .Where(r => staff.Contains(r.StaffId) && r.Reason == SyncReason.Manual)
            .Select(r => r.StaffId)
            .ToList();
    }

    private async Task AssertNothingStoredAsync(string staff, string id)
    {
        Assert.Null(await _host.Data.DeleteAsync(staff, new ItemKey(ItemKind.Appointment, id), false, Cancel));
        Assert.Empty(await BusyAsync(staff, "2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z"));
    }
}
