using CalendarSync.Functions.Http;
using CalendarSync.Functions.Tests.Http;
using Microsoft.AspNetCore.Mvc;

namespace CalendarSync.Functions.Tests.Hostile;

/// <summary>
/// The data API fed hostile bodies, ids and queries, aimed at the resident staff member's real data: each must answer a
/// 400 (413 for a body over 64 KB) whose problem names the field to fix, and leave every table, queue and the
/// resident's Google calendar exactly as they were.
/// </summary>
public sealed class HostileDataApiTests(HostileWorld world) : IClassFixture<HostileWorld>
{
    private const string Lesson = """{"start":"2026-12-01T09:00:00+01:00","end":"2026-12-01T10:00:00+01:00","customerName":"Jane Doe"}""";
    private const string Day = """{"startDate":"2026-12-01","endDate":"2026-12-02"}""";
    private const string Resident = "{resident}";

    private static readonly string[] HostileIds =
    [
        "../../etc/passwd", "a/b", "a\\b", "x' or PartitionKey ne '", "' or 1 eq 1 or '", "a\u0000b", "a\u001fb", "a\nb",
        "stéphane", "\ud83d\ude00", "s\u202e1", "ｓ1", new string('a', 10_240), "", " ", "a#b", "a?b", "%2e%2e%2f", "a b", "<script>",
    ];

    private static readonly Dictionary<string, Case> Cases = Build();

    public static TheoryData<string> Names => [.. Cases.Keys];

    /// <summary>One call: which function, on which staff member and id, with what body and query; and the answer expected.</summary>
    private sealed record Case(string Operation, string StaffId, string Id, string? Body, string Query, int Status, string? Field);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task DataApi_HostileInput_AnswersProblemNamingFieldAndStoresNothing(string name)
    {
        var hostile = Cases[name];
        var staffId = hostile.StaffId == Resident ? world.ResidentStaffId : hostile.StaffId;
        var before = await world.SnapshotAsync();

        var (status, problem) = DataApiHost.Read(await CallAsync(world.App.Function<DataApiFunction>(), hostile, staffId));

        Assert.Equal(hostile.Status, status);
        if (hostile.Field is not null)
        {
            Assert.Equal(hostile.Field, (string?)problem!["field"]);
            Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]), "The problem says nothing about what is wrong.");
        }

        (await world.SnapshotAsync()).AssertSameAs(before, name);
    }

    private static Task<IActionResult> CallAsync(DataApiFunction api, Case c, string staffId)
    {
        var request = DataApiHost.Request(c.Operation.Split(' ')[0].ToUpperInvariant() switch { "LIST" or "BUSY" => "GET", var verb => verb }, c.Body, c.Query);
        return c.Operation switch
        {
            "put appointment" => api.PutAppointment(request, staffId, c.Id),
            "put block" => api.PutBlock(request, staffId, c.Id),
            "put exception" => api.PutException(request, staffId, c.Id),
            "put closure" => api.PutClosure(request, c.Id),
            "delete appointment" => api.DeleteAppointment(request, staffId, c.Id),
            "delete exception" => api.DeleteException(request, staffId, c.Id),
            "busy" => api.GetBusy(request, staffId),
            "list blocks" => api.ListBlocks(request, staffId),
            _ => throw new ArgumentException("No operation " + c.Operation, nameof(c)),
        };
    }

    private static Dictionary<string, Case> Build()
    {
        var cases = new Dictionary<string, Case>();
        void Body(string operation, string name, string body, string field, int status = 400) =>
            cases.Add($"{operation}: {name}", new Case(operation, Resident, operation == "put appointment" ? "a-resident" : "x-1", body, "", status, field));
        void Query(string operation, string name, string query, string field) =>
            cases.Add($"{operation}: {name}", new Case(operation, Resident, "", null, query, 400, field));
        string Appointment(string start = "\"2026-12-01T09:00:00+01:00\"", string end = "\"2026-12-01T10:00:00+01:00\"", string extra = "") =>
            $$"""{"start":{{start}},"end":{{end}},"customerName":"Jane Doe"{{extra}}}""";

        for (var i = 0; i < HostileIds.Length; i++)
        {
            var id = HostileIds[i];
            var label = id.Length > 40 ? $"{id.Length} chars" : System.Text.Json.JsonSerializer.Serialize(id);
            cases.Add($"put appointment: hostile id {label}", new Case("put appointment", Resident, id, Lesson, "", 400, "id"));
            cases.Add($"put closure: hostile id {label}", new Case("put closure", Resident, id, """{"startDate":"2026-12-24","endDate":"2026-12-25","name":"X"}""", "", 400, "id"));
            cases.Add($"delete exception: hostile id {label}", new Case("delete exception", Resident, id, null, "", 400, "id"));
            cases.Add($"put block: hostile staff id {label}", new Case("put block", id, "b-1", Day, "", 400, "staffId"));
            cases.Add($"busy: hostile staff id {label}", new Case("busy", id, "", null, "?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z", 400, "staffId"));
        }

        Body("put appointment", "not json", "{start: tomorrow}", "body");
        Body("put appointment", "empty", "", "body");
        Body("put appointment", "json null", "null", "body");
        Body("put appointment", "array", "[" + Lesson + "]", "body");
        Body("put appointment", "truncated", Lesson[..40], "body");
        Body("put appointment", "nested too deep", """{"notes":[[[[[["x"]]]]]]}""", "body");
        Body("put appointment", "unknown field", Appointment(extra: ",\"origin\":\"google\""), "body");
        Body("put appointment", "time zone field", Appointment(extra: ",\"timeZone\":\"Mars/Olympus_Mons\""), "body");
        Body("put appointment", "field twice", Appointment(extra: ",\"customerName\":\"Other\""), "customerName");
        Body("put appointment", "start a number", Appointment(start: "1764576000"), "start");
        Body("put appointment", "start an object", Appointment(start: "{\"dateTime\":\"2026-12-01T09:00:00+01:00\"}"), "start");
        Body("put appointment", "end a boolean", Appointment(end: "true"), "end");
        Body("put appointment", "start an array", Appointment(start: "[\"2026-12-01T09:00:00+01:00\"]"), "start");
        Body("put appointment", "customer name a number", """{"start":"2026-12-01T09:00:00+01:00","end":"2026-12-01T10:00:00+01:00","customerName":7}""", "customerName");
        Body("put appointment", "status a number", Appointment(extra: ",\"status\":1"), "status");
        Body("put appointment", "status unknown", Appointment(extra: ",\"status\":\"deleted\""), "status");
        Body("put appointment", "notes an object", Appointment(extra: ",\"notes\":{\"a\":1}"), "notes");
        Body("put appointment", "end before start", Appointment(end: "\"2026-12-01T08:00:00+01:00\""), "end");
        Body("put appointment", "end equals start", Appointment(end: "\"2026-12-01T09:00:00+01:00\""), "end");
        Body("put appointment", "span of two years", Appointment(end: "\"2028-12-01T10:00:00+01:00\""), "end");
        Body("put appointment", "year 1", Appointment(start: "\"0001-01-01T00:00:00+00:00\""), "start");
        Body("put appointment", "year 9999", Appointment(end: "\"9999-12-31T23:59:59+00:00\""), "end");
        Body("put appointment", "year 1999", Appointment(start: "\"1999-12-31T23:00:00+00:00\"", end: "\"1999-12-31T23:30:00+00:00\""), "start");
        Body("put appointment", "time without offset", Appointment(start: "\"2026-12-01T09:00:00\""), "start");
        Body("put appointment", "time with a zone name", Appointment(start: "\"2026-12-01T09:00:00 Europe/Berlin\""), "start");
        Body("put appointment", "offset +25:00", Appointment(start: "\"2026-12-01T09:00:00+25:00\""), "start");
        Body("put appointment", "month 13", Appointment(start: "\"2026-13-01T09:00:00+01:00\""), "start");
        Body("put appointment", "30 February", Appointment(start: "\"2026-02-30T09:00:00+01:00\""), "start");
        Body("put appointment", "hour 24", Appointment(start: "\"2026-12-01T24:00:00+01:00\""), "start");
        Body("put appointment", "words for a time", Appointment(start: "\"tomorrow at nine\""), "start");
        Body("put appointment", "all-day dates", """{"startDate":"2026-12-01","endDate":"2026-12-02","customerName":"Jane Doe"}""", "body");
        Body("put appointment", "customer name 201 chars", Appointment().Replace("Jane Doe", new string('x', 201), StringComparison.Ordinal), "customerName");
        Body("put appointment", "title 10 KB", Appointment(extra: $",\"title\":\"{new string('x', 10_240)}\""), "title");
        Body("put appointment", "notes 2001 chars", Appointment(extra: $",\"notes\":\"{new string('x', 2001)}\""), "notes");
        Body("put appointment", "customer name with a nul", Appointment().Replace("Jane Doe", "Jane\\u0000Doe", StringComparison.Ordinal), "customerName");
        Body("put appointment", "title with an escape sequence", Appointment(extra: ",\"title\":\"\\u001b[31mred\""), "title");
        Body("put appointment", "body of 70 KB", Appointment(extra: $",\"notes\":\"{new string('x', 70_000)}\""), null!, 413);
        Body("put block", "dates and times both", """{"startDate":"2026-12-01","endDate":"2026-12-02","start":"2026-12-01T09:00:00Z","end":"2026-12-01T10:00:00Z"}""", "start");
        Body("put block", "no time at all", "{}", "startDate");
        Body("put block", "end date before start date", """{"startDate":"2026-12-03","endDate":"2026-12-01"}""", "endDate");
        Body("put block", "dates of two years", """{"startDate":"2026-12-01","endDate":"2028-12-01"}""", "endDate");
        Body("put block", "date in 2101", """{"startDate":"2101-01-01","endDate":"2101-01-02"}""", "startDate");
        Body("put block", "day-first date", """{"startDate":"01/12/2026","endDate":"2026-12-02"}""", "startDate");
        Body("put block", "date with a time", """{"startDate":"2026-12-01T00:00:00Z","endDate":"2026-12-02"}""", "startDate");
        Body("put block", "origin google", """{"startDate":"2026-12-01","endDate":"2026-12-02","origin":"google"}""", "body");
        Body("put block", "summary an array", """{"startDate":"2026-12-01","endDate":"2026-12-02","summary":["x"]}""", "summary");
        Body("put block", "summary 201 chars", $$"""{"startDate":"2026-12-01","endDate":"2026-12-02","summary":"{{new string('x', 201)}}"}""", "summary");
        Body("put exception", "start only", """{"start":"2026-12-01T09:00:00Z"}""", "end");
        Body("put exception", "end before start", """{"start":"2026-12-01T10:00:00Z","end":"2026-12-01T09:00:00Z"}""", "end");
        Body("put exception", "reason 2001 chars", $$"""{"startDate":"2026-12-01","endDate":"2026-12-02","reason":"{{new string('x', 2001)}}"}""", "reason");
        Body("put exception", "reason with a bell", """{"startDate":"2026-12-01","endDate":"2026-12-02","reason":"a\u0007b"}""", "reason");
        Body("put exception", "time zone field", """{"startDate":"2026-12-01","endDate":"2026-12-02","timeZone":"Europe/Berlin"}""", "body");
        Body("put closure", "times instead of dates", """{"start":"2026-12-24T00:00:00Z","end":"2026-12-27T00:00:00Z","name":"Xmas"}""", "body");
        Body("put closure", "no name", """{"startDate":"2026-12-24","endDate":"2026-12-27"}""", "name");
        Body("put closure", "blank name", """{"startDate":"2026-12-24","endDate":"2026-12-27","name":"  "}""", "name");
        Body("put closure", "end date equals start date", """{"startDate":"2026-12-24","endDate":"2026-12-24","name":"Xmas"}""", "endDate");
        Body("put closure", "name 201 chars", $$"""{"startDate":"2026-12-24","endDate":"2026-12-27","name":"{{new string('x', 201)}}"}""", "name");
        Query("busy", "no from", "?to=2026-12-02T00:00:00Z", "from");
        Query("busy", "no to", "?from=2026-12-01T00:00:00Z", "to");
        Query("busy", "to before from", "?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "to");
        Query("busy", "range of a year", "?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z", "to");
        Query("busy", "range from year 1 to 9999", "?from=0001-01-01T00:00:00Z&to=9999-01-01T00:00:00Z", "from");
        Query("busy", "from without offset", "?from=2026-12-01T00:00:00&to=2026-12-02T00:00:00Z", "from");
        Query("busy", "unknown time zone", "?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z&timeZone=Mars/Olympus_Mons", "timeZone");
        Query("busy", "time zone path traversal", "?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z&timeZone=../../etc/localtime", "timeZone");
        Query("busy", "time zone 10 KB", $"?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z&timeZone={new string('A', 10_240)}", "timeZone");
        Query("busy", "windows time zone name", "?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z&timeZone=W.%20Europe%20Standard%20Time", "timeZone");
        Query("busy", "from twice", "?from=2026-12-01T00:00:00Z&from=2026-12-01T01:00:00Z&to=2026-12-02T00:00:00Z", "from");
        Query("list blocks", "forged continuation", "?continuation=x'%20or%20PartitionKey%20ne%20'", "continuation");
        Query("list blocks", "continuation 10 KB", $"?continuation={new string('A', 10_240)}", "continuation");
        Query("list blocks", "continuation with a nul", "?continuation=s|block:a%00b", "continuation");
        Query("put appointment", "sync later", "?sync=later", "sync");
        return cases;
    }
}
