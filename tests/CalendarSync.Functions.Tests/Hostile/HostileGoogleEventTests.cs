using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CalendarSync.Core.Calendar;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;
using CalendarSync.Functions.Http;
using CalendarSync.Functions.Tests.Http;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Tests.Hostile;

/// <summary>
/// Google events a reader must survive, put into a staff member's calendar beside a lunch break: through the Calendar
/// API where Google accepts them, stored as given through the emulator's admin path where only Google itself makes
/// them (or where they are broken). One sync run must end well, keep the lunch block, and either turn the event into
/// the right blocked time or skip it with the reason in the run's log line.
/// </summary>
public sealed class HostileGoogleEventTests(HostileWorld world) : IClassFixture<HostileWorld>
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // Event types, each made as Google lets a client make it (or stored as Google itself holds it), and the
        // engine's rule for each: out of office and focus time block, a working location never does, a birthday is free.
        ["out of office"] = Api(With(Timed("outOfOffice"), "outOfOfficeProperties", new JsonObject { ["autoDeclineMode"] = "declineNone" }))
            .Blocks("2026-12-10T09:00:00Z", "2026-12-10T10:00:00Z"),
        ["out of office all day, as Google's own apps may store it"] = Given(AllDay("2026-12-10", "2026-12-11", "outOfOffice"))
            .Blocks("2026-12-09T23:00:00Z", "2026-12-10T23:00:00Z"),
        ["focus time"] = Api(With(Timed("focusTime"), "focusTimeProperties", new JsonObject { ["chatStatus"] = "doNotDisturb" }))
            .Blocks("2026-12-10T09:00:00Z", "2026-12-10T10:00:00Z"),
        ["working location, timed"] = Api(WorkingLocation(Timed("workingLocation"))).Skips(SkipReason.NotBlocking),
        ["working location, all day"] = Api(WorkingLocation(AllDay("2026-12-10", "2026-12-11", "workingLocation"))).Skips(SkipReason.NotBlocking),
        ["working location stored busy"] = Given(With(WorkingLocation(Timed("workingLocation")), "transparency", "opaque")).Skips(SkipReason.NotBlocking),
        ["birthday made through the API"] = Api(With(AllDay("2026-12-10", "2026-12-11", "birthday"), "recurrence", new JsonArray("RRULE:FREQ=YEARLY"))).MakesNothing(),
        ["from gmail, marked free"] = Given(With(Timed("fromGmail"), "transparency", "transparent")).Skips(SkipReason.NotBlocking),
        ["10,000 attendees, accepted"] = Api(Attendees(10_000, "accepted")).Blocks("2026-12-10T09:00:00Z", "2026-12-10T10:00:00Z"),
        ["10,000 attendees, declined"] = Api(Attendees(10_000, "declined")).Skips(SkipReason.NotBlocking),
        ["invitation not answered"] = Api(Attendees(3, "needsAction")).Blocks("2026-12-10T09:00:00Z", "2026-12-10T10:00:00Z"),
        ["invitation answered maybe"] = Api(Attendees(3, "tentative")).Blocks("2026-12-10T09:00:00Z", "2026-12-10T10:00:00Z"),
        ["description of 1 MB"] = Api(With(Timed(), "description", new string('d', 1 << 20))).Blocks("2026-12-10T09:00:00Z", "2026-12-10T10:00:00Z"),
        ["summary of 40,000 characters"] = Api(With(Timed(), "summary", new string('s', 40_000))).Blocks("2026-12-10T09:00:00Z", "2026-12-10T10:00:00Z"),
        ["summary with control characters and html"] = Api(With(Timed(), "summary", "<b>x</b>\u0001\u001b[31m\r\nSet-Cookie: a=b")).Blocks("2026-12-10T09:00:00Z", "2026-12-10T10:00:00Z").Titled("<b>x</b> Set-Cookie: a=b"),
        ["summary of emoji and right-to-left text"] = Api(With(Timed(), "summary", "\ud83e\udd57 \u202eesuap\u202c")).Blocks("2026-12-10T09:00:00Z", "2026-12-10T10:00:00Z").Titled("\ud83e\udd57 esuap"),
        ["summary with terminal escapes and a script"] = Api(With(Timed(), "summary", "\u001b]0;pwned\u0007\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\ \u001b[2J<script>alert('x')</script>")).Blocks("2026-12-10T09:00:00Z", "2026-12-10T10:00:00Z").Titled("click <script>alert('x')</script>"),
        ["weekly, never ending"] = Api(Recurring("RRULE:FREQ=WEEKLY")).Recurs(atLeast: 50, weeks: 1),
        ["every 30 days, never ending"] = Api(Recurring("RRULE:FREQ=DAILY;INTERVAL=30")).Recurs(atLeast: 12),
        ["monthly on the 31st, never ending"] = Api(Recurring("RRULE:FREQ=MONTHLY;BYMONTHDAY=31", "2026-12-31")).Recurs(atLeast: 6),
        ["transparent"] = Api(With(Timed(), "transparency", "transparent")).Skips(SkipReason.NotBlocking),
        ["tentative"] = Api(With(Timed(), "status", "tentative")).Blocks("2026-12-10T09:00:00Z", "2026-12-10T10:00:00Z"),
        ["zero length"] = Api(Timed(end: "2026-12-10T10:00:00")).Skips(SkipReason.NotBlocking),
        ["all day on new year's eve"] = Api(AllDay("2026-12-31", "2027-01-01")).Blocks("2026-12-30T23:00:00Z", "2026-12-31T23:00:00Z"),
        ["in 2099, beyond the window"] = Api(AllDay("2099-06-01", "2099-06-02")).MakesNothing(),
        ["id of 1,024 characters"] = Api(With(Timed(), "id", new string('v', 1024))).Blocks("2026-12-10T09:00:00Z", "2026-12-10T10:00:00Z"),
        ["id of ours, without our private property"] = Api(With(Timed(), "id", EventIds.For(new ItemKey(ItemKind.Appointment, "a-resident")))).Blocks("2026-12-10T09:00:00Z", "2026-12-10T10:00:00Z").Warns("holds the event id of appointment:a-resident"),
        ["private properties claiming to be ours"] = Api(With(Timed(), "extendedProperties", new JsonObject
        {
            ["private"] = new JsonObject { ["calendarsync.key"] = "appointment:a-resident", ["calendarsync.version"] = "1" },
        })).Blocks("2026-12-10T09:00:00Z", "2026-12-10T10:00:00Z"),
        ["birthday"] = Given(With(AllDay("2026-12-10", "2026-12-11", "birthday"), "transparency", "transparent")).Skips(SkipReason.NotBlocking),
        ["from gmail, a flight"] = Given(Timed("fromGmail")).Blocks("2026-12-10T09:00:00Z", "2026-12-10T10:00:00Z"),
        ["event type unknown to us"] = Given(Timed("somethingNew")).Blocks("2026-12-10T09:00:00Z", "2026-12-10T10:00:00Z"),
        ["no start and no end"] = Given(new JsonObject { ["summary"] = "No times" }).Skips(SkipReason.NotBlocking),
        ["start but no end"] = Given(Without(Timed(), "end")).Skips(SkipReason.NotBlocking),
        ["unknown time zone, with offset"] = Given(Timed(zone: "Mars/Olympus_Mons", offset: "+01:00")).Blocks("2026-12-10T09:00:00Z", "2026-12-10T10:00:00Z"),
        ["unknown time zone, no offset"] = Given(Timed(zone: "Mars/Olympus_Mons")).Skips(SkipReason.NotBlocking),
        ["malformed date"] = Given(AllDay("2026-13-45", "2026-13-46")).Skips(SkipReason.NotBlocking),
        ["malformed date-time"] = Given(new JsonObject
        {
            ["start"] = new JsonObject { ["dateTime"] = "tomorrow at ten" }, ["end"] = new JsonObject { ["dateTime"] = "2026-12-10T11:00:00+01:00" },
        }).Skips(SkipReason.NotBlocking),
        ["end before start"] = Given(Timed(end: "2026-12-10T08:00:00", offset: "+01:00")).Skips(SkipReason.NotBlocking),
        ["date and date-time mixed"] = Given(new JsonObject
        {
            ["start"] = new JsonObject { ["date"] = "2026-12-10" }, ["end"] = new JsonObject { ["dateTime"] = "2026-12-10T11:00:00+01:00" },
        }).Skips(SkipReason.NotBlocking),
        ["malformed recurrence rule"] = Given(With(Timed(offset: "+01:00"), "recurrence", new JsonArray("RRULE:FREQ=SOMETIMES;COUNT=-1"))).Blocks("2026-12-10T09:00:00Z", "2026-12-10T10:00:00Z"),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Sync_HostileGoogleEvent_BlocksRightOrSkipsWithReasonAndKeepsTheRest(string name)
    {
        var hostile = Cases[name];
        var user = await world.Emulator.CreateUserAsync(timeZone: "Europe/Berlin", cancellationToken: Cancel);
        var staffId = await world.ConnectDirectlyAsync(user);
        await world.InsertLunchAsync(user);
        var eventId = await InsertAsync(user, hostile);
        var logged = world.Logs.Lines.Count;

        await world.RunAsync(staffId);

        var run = (await world.App.Service<ISyncLog>().ListAsync(staffId, null, 1, Cancel)).Items.Single();
        Assert.Equal(SyncOutcome.Succeeded, run.Outcome);
        var blocks = await GoogleBlocksAsync(staffId);
        Assert.Single(blocks, b => b.Summary == HostileWorld.LunchSummary && b.Period.Start == DateTimeOffset.Parse("2026-12-02T11:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var made = blocks.Where(b => b.GoogleEventId == eventId || b.GoogleEventId?.StartsWith(eventId + "_", StringComparison.Ordinal) == true).ToList();
        hostile.Check(made);
        if (hostile.Skip is { } reason)
        {
            var line = Assert.Single(world.Logs.Lines.Skip(logged), l => l.Message.StartsWith($"Synced {staffId}:", StringComparison.Ordinal));
            Assert.Contains($"{reason}: 1", line.Message, StringComparison.Ordinal);
        }

        if (hostile.Warning is { } warning)
        {
            Assert.Contains(world.Logs.Lines.Skip(logged), l => l.Level == LogLevel.Warning && l.Message.Contains(warning, StringComparison.Ordinal));
        }

        // What GET /blocks writes is ASCII with markup escaped, whatever the summaries hold: \u003C, not <.
        var answer = await world.App.WrittenAsync(await world.App.Function<DataApiFunction>().ListBlocks(DataApiHost.Request("GET"), staffId));
        var raw = answer.FirstOrDefault(c => c is < ' ' or > '~' or '<' or '>' or '&' or '\'');
        Assert.True(raw == default, $"GET /blocks wrote U+{(int)raw:X4} as it is.");
    }

    private async Task<string> InsertAsync(Testing.EmulatorUser user, Case hostile)
    {
        using var content = new StringContent(hostile.Event.ToJsonString().Replace("{self}", user.Email, StringComparison.Ordinal), Encoding.UTF8, "application/json");
        using var google = world.Google(user);
        using var response = hostile.AsGiven
            ? await google.PostAsync($"emulator/calendars/{Uri.EscapeDataString(user.Email)}/events", content, Cancel)
            : await google.PostAsync("calendar/v3/calendars/primary/events", content, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, $"The emulator refused the event: {body}");
        return (string)JsonNode.Parse(body)!["id"]!;
    }

    private async Task<List<BlockedSlot>> GoogleBlocksAsync(string staffId)
    {
        var page = await world.App.Service<AppointmentDataService>().ListBlocksAsync(staffId, null, 1000, Cancel);
        return page.Items.OfType<BlockedSlot>().Where(b => b.Origin == BlockOrigin.Google).ToList();
    }

    private static Case Api(JsonObject ev) => new(ev, AsGiven: false);

    private static Case Given(JsonObject ev) => new(ev, AsGiven: true);

    private static JsonObject Timed(string? eventType = null, string end = "2026-12-10T11:00:00", string zone = "Europe/Berlin", string? offset = null)
    {
        var ev = new JsonObject
        {
            ["summary"] = "Hostile",
            ["start"] = new JsonObject { ["dateTime"] = "2026-12-10T10:00:00" + offset, ["timeZone"] = zone },
            ["end"] = new JsonObject { ["dateTime"] = end + offset, ["timeZone"] = zone },
        };
        if (eventType is not null)
        {
            ev["eventType"] = eventType;
        }

        return ev;
    }

    private static JsonObject AllDay(string start, string end, string? eventType = null)
    {
        var ev = new JsonObject { ["summary"] = "Hostile day", ["start"] = new JsonObject { ["date"] = start }, ["end"] = new JsonObject { ["date"] = end } };
        if (eventType is not null)
        {
            ev["eventType"] = eventType;
        }

        return ev;
    }

    private static JsonObject WorkingLocation(JsonObject ev) =>
        With(ev, "workingLocationProperties", new JsonObject { ["type"] = "officeLocation", ["officeLocation"] = new JsonObject { ["label"] = "HQ" } });

    private static JsonObject Recurring(string rule, string date = "2026-12-10")
    {
        var ev = Timed();
        ev["start"]!["dateTime"] = date + "T10:00:00";
        ev["end"]!["dateTime"] = date + "T11:00:00";
        ev["recurrence"] = new JsonArray(rule);
        return ev;
    }

    private static JsonObject Attendees(int count, string selfResponse)
    {
        var attendees = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            attendees.Add(new JsonObject { ["email"] = $"guest{i}@example.com", ["responseStatus"] = "accepted" });
        }

        // The owner's own answer is what decides; Google marks it self: true.
        attendees.Add(new JsonObject { ["email"] = "{self}", ["responseStatus"] = selfResponse });
        return With(Timed(), "attendees", attendees);
    }

    private static JsonObject With(JsonObject ev, string name, JsonNode value)
    {
        ev[name] = value;
        return ev;
    }

    private static JsonObject Without(JsonObject ev, string name)
    {
        ev.Remove(name);
        return ev;
    }

    /// <summary>An event to put in, and what the sync must make of it: blocks (checked by <see cref="Check"/>) or a skip.</summary>
    private sealed record Case(JsonObject Event, bool AsGiven)
    {
        private Action<List<BlockedSlot>> _check = _ => { };

        public SkipReason? Skip { get; private init; }

        /// <summary>Text a warning of the run must contain.</summary>
        public string? Warning { get; private init; }

        public Case Blocks(string start, string end) => this with
        {
            _check = made =>
            {
                var block = Assert.Single(made);
                Assert.True(block.Summary is null || block.Summary.Length <= EventRendering.MaxBlockSummary, "The block kept a summary longer than a block's.");
                Assert.True(PlainText.Of(block.Summary) == block.Summary, $"The block kept a summary that is not plain text: {block.Summary}");
                Assert.Equal(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), Instant(block.Period, start: true));
                Assert.Equal(DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture), Instant(block.Period, start: false));
            },
        };

        /// <summary>The one block's summary, as plain text.</summary>
        public Case Titled(string summary)
        {
            var blocks = _check;
            return this with { _check = made => { blocks(made); Assert.Equal(summary, Assert.Single(made).Summary); } };
        }

        public Case Warns(string text) => this with { Warning = text };

        public Case Skips(SkipReason reason) => this with { Skip = reason, _check = made => Assert.Empty(made) };

        /// <summary>No block, and nothing to skip either: the windowed listing never hands the event over.</summary>
        public Case MakesNothing() => this with { _check = made => Assert.Empty(made) };

        /// <summary>A series: a block at 10:00 Berlin time (across the DST change) for each instance in the window.</summary>
        public Case Recurs(int atLeast, int weeks = 0) => this with
        {
            _check = made =>
            {
                Assert.True(made.Count >= atLeast, $"Only {made.Count} blocks for a series without end.");
                Assert.All(made, b => Assert.Equal(new TimeSpan(10, 0, 0), TimeZoneInfo.ConvertTime(b.Period.Start, Berlin).TimeOfDay));
                Assert.Equal(made.Count, made.Select(b => b.Period.Start).Distinct().Count());
                if (weeks > 0)
                {
                    var starts = made.Select(b => b.Period.Start).Order().ToList();
                    Assert.All(starts.Zip(starts.Skip(1)), pair => Assert.Equal(7 * weeks, (pair.Second.Date - pair.First.Date).Days));
                }
            },
        };

        public void Check(List<BlockedSlot> made) => _check(made);

        private static DateTimeOffset Instant(Period period, bool start) =>
            period.IsAllDay
                ? new DateTimeOffset((start ? period.StartDate : period.EndDate).ToDateTime(TimeOnly.MinValue), Berlin.GetUtcOffset((start ? period.StartDate : period.EndDate).ToDateTime(TimeOnly.MinValue)))
                : start ? period.Start : period.End;
    }
}
