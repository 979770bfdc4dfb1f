using Azure.Storage.Queues;
using CalendarSync.Core.Runs;
using CalendarSync.Functions.Sync;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Tests.Hostile;

/// <summary>
/// Messages on calendar-sync that are not sync requests, handed to the queue function as the host would: each must end
/// without a throw (a throw is a retry), be moved to the poison queue as it came, be logged with what is wrong with it,
/// and change nothing else.
/// </summary>
public sealed class HostileQueueMessageTests(HostileWorld world) : IClassFixture<HostileWorld>
{
    private const string At = "2026-11-24T15:00:00.0000000+00:00";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Messages
    {
        get
        {
            var data = new TheoryData<string, string>();
            void Add(string name, string message) => data.Add(name, message);
            string Request(string version = "1", string staffId = "\"s-1\"", string reason = "\"manual\"", string requestedAt = $"\"{At}\"") =>
                $$"""{"version":{{version}},"staffId":{{staffId}},"reason":{{reason}},"requestedAt":{{requestedAt}}}""";
            string Page(string staffIds = "[\"s-1\",\"s-2\"]", string version = "2") =>
                $$"""{"version":{{version}},"staffIds":{{staffIds}},"reason":"schedule","requestedAt":"{{At}}"}""";
            string Ids(int count, int length = 3) =>
                "[" + string.Join(',', Enumerable.Range(0, count).Select(i => $"\"{i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)}{new string('a', length - 3)}\"")) + "]";

            Add("empty", "");
            Add("whitespace", "  \t\r\n ");
            Add("json null", "null");
            Add("json array", "[]");
            Add("json number", "42");
            Add("json string", "\"s-1\"");
            Add("json true", "true");
            Add("empty object", "{}");
            Add("not json", "sync s-1 please");
            Add("truncated json", Request()[..30]);
            Add("single quotes", Request().Replace('"', '\''));
            Add("trailing garbage", Request() + "x");
            Add("two objects", Request() + Request());
            Add("request in an array", "[" + Request() + "]");
            Add("nul byte", "\u0000");
            Add("lone surrogate", "{\"version\":1,\"staffId\":\"\ud800\"}");
            Add("xml", "<SyncRequest><StaffId>s-1</StaffId></SyncRequest>");
            Add("base64 of a request", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Request())));
            Add("version missing", $$"""{"staffId":"s-1","reason":"manual","requestedAt":"{{At}}"}""");
            Add("version 0", Request(version: "0"));
            Add("version 2", Request(version: "2"));
            Add("version 99", Request(version: "99"));
            Add("version -1", Request(version: "-1"));
            Add("version 1.5", Request(version: "1.5"));
            Add("version as string", Request(version: "\"1\""));
            Add("version null", Request(version: "null"));
            Add("version beyond int", Request(version: "2147483648"));
            Add("version object", Request(version: "{\"major\":1}"));
            Add("staff id missing", $$"""{"version":1,"reason":"manual","requestedAt":"{{At}}"}""");
            Add("staff id null", Request(staffId: "null"));
            Add("staff id number", Request(staffId: "42"));
            Add("staff id empty", Request(staffId: "\"\""));
            Add("staff id blank", Request(staffId: "\" \""));
            Add("staff id path traversal", Request(staffId: "\"../../etc/passwd\""));
            Add("staff id slash", Request(staffId: "\"a/b\""));
            Add("staff id odata injection", Request(staffId: "\"x' or PartitionKey ne '\""));
            Add("staff id hash", Request(staffId: "\"a#b\""));
            Add("staff id control char", Request(staffId: "\"a\\u0001b\""));
            Add("staff id newline", Request(staffId: "\"a\\nb\""));
            Add("staff id unicode", Request(staffId: "\"stéphane\""));
            Add("staff id right-to-left override", Request(staffId: "\"s\\u202e1\""));
            Add("staff id fullwidth", Request(staffId: "\"ｓ-1\""));
            Add("staff id 129 chars", Request(staffId: $"\"{new string('a', 129)}\""));
            Add("staff id array", Request(staffId: "[\"s-1\"]"));
            Add("reason missing", $$"""{"version":1,"staffId":"s-1","requestedAt":"{{At}}"}""");
            Add("reason unknown", Request(reason: "\"delete\""));
            Add("reason capitalised", Request(reason: "\"Manual\""));
            Add("reason number", Request(reason: "1"));
            Add("reason with newline", Request(reason: "\"manual\\n\""));
            Add("requested at missing", """{"version":1,"staffId":"s-1","reason":"manual"}""");
            Add("requested at words", Request(requestedAt: "\"yesterday\""));
            Add("requested at date only", Request(requestedAt: "\"2026-11-24\""));
            Add("requested at unix seconds", Request(requestedAt: "1764000000"));
            Add("requested at month 13", Request(requestedAt: "\"2026-13-24T15:00:00.0000000+00:00\""));
            Add("unknown field", Request().Replace("}", ",\"priority\":\"high\"}", StringComparison.Ordinal));
            Add("proto field", Request().Replace("}", ",\"__proto__\":{}}", StringComparison.Ordinal));
            Add("staff id twice", Request().Replace("}", ",\"staffId\":\"s-2\"}", StringComparison.Ordinal));
            Add("version twice", Request().Replace("}", ",\"version\":2}", StringComparison.Ordinal));
            Add("deep nesting", Request(version: "[[[[[[[[1]]]]]]]]"));
            Add("4 KB and one", Request(staffId: $"\"{new string('a', 4097)}\""));
            Add("10 KB staff id", Request(staffId: $"\"{new string('a', 10_240)}\""));
            Add("48 KB of spaces", Request() + new string(' ', 48_000));
            Add("page in version 1", Page(version: "1"));
            Add("page in version 3", Page(version: "3"));
            Add("page with a staffId too", Page().Replace("}", ",\"staffId\":\"s-3\"}", StringComparison.Ordinal));
            Add("page staff ids missing", $$"""{"version":2,"reason":"schedule","requestedAt":"{{At}}"}""");
            Add("page staff ids null", Page(staffIds: "null"));
            Add("page staff ids string", Page(staffIds: "\"s-1\""));
            Add("page staff ids object", Page(staffIds: "{\"0\":\"s-1\"}"));
            Add("page of none", Page(staffIds: "[]"));
            Add("page member null", Page(staffIds: "[\"s-1\",null]"));
            Add("page member number", Page(staffIds: "[\"s-1\",2]"));
            Add("page member array", Page(staffIds: "[\"s-1\",[\"s-2\"]]"));
            Add("page member empty", Page(staffIds: "[\"s-1\",\"\"]"));
            Add("page member path traversal", Page(staffIds: "[\"s-1\",\"../../etc/passwd\"]"));
            Add("page member odata injection", Page(staffIds: "[\"s-1\",\"x' or PartitionKey ne '\"]"));
            Add("page member newline", Page(staffIds: "[\"s-1\",\"a\\nb\"]"));
            Add("page member right-to-left override", Page(staffIds: "[\"s\\u202e1\"]"));
            Add("page member 129 chars", Page(staffIds: Ids(1, 129)));
            Add("page member twice", Page(staffIds: "[\"s-1\",\"s-2\",\"s-1\"]"));
            Add("page staff ids twice", Page().Replace("}", ",\"staffIds\":[\"s-3\"]}", StringComparison.Ordinal));
            Add("page of 65", Page(staffIds: Ids(65)));
            Add("page of 1000", Page(staffIds: Ids(1000)));
            Add("page nested deep", Page(staffIds: "[[[[[[[[\"s-1\"]]]]]]]]"));
            Add("page over 16 KB", Page(staffIds: Ids(64, 300)));
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public async Task SyncStaffCalendar_HostileMessage_PoisonedOnceLoggedAndNothingElseStored(string name, string message)
    {
        var poison = new QueueClient(world.Azurite.ConnectionString, world.PoisonQueueName);
        await poison.CreateIfNotExistsAsync(cancellationToken: Cancel);
        await poison.ClearMessagesAsync(Cancel);
        var before = await world.SnapshotAsync();
        var logged = world.Logs.Lines.Count;

        // Returning (not throwing) is what keeps the host from retrying it.
        await world.App.Function<SyncStaffCalendarFunction>().SyncStaffCalendar(message, Cancel);

        var poisoned = (await poison.PeekMessagesAsync(32, Cancel)).Value;
        // The queue carries UTF-8, so an unpaired surrogate arrives as U+FFFD; everything else as it came.
        var carried = System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(message));
        Assert.Equal(carried, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Assert.Single(poisoned).Body.ToString())));
        await poison.ClearMessagesAsync(Cancel);
        (await world.SnapshotAsync()).AssertSameAs(before, name);
        var warning = Assert.Single(
            world.Logs.Lines.Skip(logged), l => l.Level == LogLevel.Warning && l.Category.StartsWith("CalendarSync", StringComparison.Ordinal));
        Assert.Contains("not a sync request", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', warning.Message);
        Assert.True(warning.Message.Length < 1000, warning.Message);
    }
}
