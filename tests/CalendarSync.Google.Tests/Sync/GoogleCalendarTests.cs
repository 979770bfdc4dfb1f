using System.Diagnostics;
using CalendarSync.Core.Calendar;
using CalendarSync.Google.Tests.Fakes;
using CalendarSync.Testing;

namespace CalendarSync.Google.Tests.Sync;

/// <summary>Core's calendar port on our Calendar v3 client, against the emulator over HTTP.</summary>
public sealed class GoogleCalendarTests(EmulatorFixture emulator)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Write_InsertsThenIncrementalList_ReturnsOnlyWhatChanged()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var (_, connection) = await google.ConnectAsync(Cancel);
        var calendar = await google.OpenAsync(connection, Cancel);

        var written = await calendar.WriteAsync([Insert("a1"), Insert("a2"), Insert("a3")], Cancel);
        var full = await ListAllAsync(calendar, new EventListRequest(), Cancel);
        var update = written[1].Event! with { Summary = "Moved" };
        await calendar.WriteAsync([EventWrite.Update(update, written[1].Event!.ETag)], Cancel);
        var changes = await ListAllAsync(calendar, new EventListRequest { SyncToken = full.SyncToken }, Cancel);

        Assert.All(written, r => Assert.Equal(EventWriteOutcome.Written, r.Outcome));
        Assert.Equal(3, full.Items.Count);
        Assert.Equal("Moved", Assert.Single(changes.Items).Summary);
        Assert.Equal("appointment:a2", changes.Items[0].PrivateProperties[EventIds.KeyProperty]);
    }

    [Fact]
    public async Task ListInstances_DailySeries_InstancesInRangeAndEmptyForAnUnknownSeries()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var (_, connection) = await google.ConnectAsync(Cancel);
        var calendar = await google.OpenAsync(connection, Cancel);
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var first = new DateTimeOffset(2026, 12, 1, 11, 0, 0, TimeSpan.Zero);
        var written = await calendar.WriteAsync(
            [EventWrite.Insert(new CalendarEvent
            {
                Id = "lunch0series",
                Summary = "Lunch",
                Start = EventDateTime.ForInstant(first, berlin),
                End = EventDateTime.ForInstant(first.AddHours(1), berlin),
                Recurrence = ["RRULE:FREQ=DAILY;COUNT=5"],
            })],
            Cancel);

        var instances = await calendar.ListInstancesAsync(
            "lunch0series", new EventListRequest { TimeMin = first.AddDays(1), TimeMax = first.AddDays(3) }, Cancel);
        var unknown = await calendar.ListInstancesAsync("no0such0series", new EventListRequest(), Cancel);

        Assert.Equal(EventWriteOutcome.Written, Assert.Single(written).Outcome);
        Assert.Equal(["lunch0series_20261202T110000Z", "lunch0series_20261203T110000Z"], instances.Items.Select(e => e.Id).Order(StringComparer.Ordinal));
        Assert.All(instances.Items, e => Assert.Equal("lunch0series", e.RecurringEventId));
        Assert.Empty(unknown.Items);
    }

    [Fact]
    public async Task QueryFreeBusy_OpaqueEventsAndASeries_MergedAndClippedInUtc()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var (_, connection) = await google.ConnectAsync(EmulatorGoogle.WithBusyTimes, Cancel);
        var calendar = await google.OpenAsync(connection, Cancel);
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var nine = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        CalendarEvent Timed(string id, int from, int to, string[]? recurrence = null) => new()
        {
            Id = id,
            Start = EventDateTime.ForInstant(nine.AddMinutes(from), berlin),
            End = EventDateTime.ForInstant(nine.AddMinutes(to), berlin),
            Recurrence = recurrence ?? [],
        };
        var written = await calendar.WriteAsync(
            [
                EventWrite.Insert(Timed("slot0a", 0, 60)),
                EventWrite.Insert(Timed("slot0b", 30, 90)),
                EventWrite.Insert(Timed("free0c", 120, 180) with { Transparency = EventTransparency.Transparent }),
                EventWrite.Insert(Timed("slot0series", 240, 270, ["RRULE:FREQ=DAILY;COUNT=2"])),
            ],
            Cancel);

        var answer = await calendar.QueryFreeBusyAsync([connection.CalendarId, "nobody@example.com"], nine.AddMinutes(-60), nine.AddDays(1).AddMinutes(250), Cancel);

        // A range longer than Google takes is asked in parts; a period over the parts' edge comes back whole.
        var parts = await calendar.QueryFreeBusyAsync(
            [connection.CalendarId], nine.AddMinutes(45) - ICalendar.MaxFreeBusyRange, nine.AddMinutes(45) + ICalendar.MaxFreeBusyRange, Cancel);

        var busy = answer[connection.CalendarId].Busy;
        Assert.Null(answer[connection.CalendarId].Error);
        Assert.Equal((CalendarBusy.NotFound, 0), (answer["nobody@example.com"].Error, answer["nobody@example.com"].Busy.Count));
        Assert.Equal(new Core.Data.BusyPeriod(nine, nine.AddMinutes(90)), parts[connection.CalendarId].Busy[0]);

        Assert.All(written, r => Assert.Equal(EventWriteOutcome.Written, r.Outcome));
        Assert.Equal(
            [
                new Core.Data.BusyPeriod(nine, nine.AddMinutes(90)),
                new Core.Data.BusyPeriod(nine.AddMinutes(240), nine.AddMinutes(270)),
                new Core.Data.BusyPeriod(nine.AddDays(1).AddMinutes(240), nine.AddDays(1).AddMinutes(250)),
            ],
            busy);
        Assert.All(busy, period => Assert.Equal(TimeSpan.Zero, period.Start.Offset));
    }

    [Fact]
    public async Task List_ManyPages_SyncTokenOnlyOnLastPage()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var (_, connection) = await google.ConnectAsync(Cancel);
        var calendar = await google.OpenAsync(connection, Cancel);
        for (var chunk = 0; chunk < 3; chunk++)
        {
            await calendar.WriteAsync(Enumerable.Range(chunk * 40, 40).Select(i => Insert($"p{i}")).ToArray(), Cancel);
        }

        var pages = new List<EventPage>();
        string? pageToken = null;
        do
        {
            var page = await calendar.ListEventsAsync(new EventListRequest { MaxResults = 50, PageToken = pageToken }, Cancel);
            pages.Add(page);
            pageToken = page.NextPageToken;
        }
        while (pageToken is not null);

        Assert.Equal(3, pages.Count);
        Assert.All(pages[..^1], p => Assert.Null(p.NextSyncToken));
        Assert.NotNull(pages[^1].NextSyncToken);
        Assert.Equal(120, pages.SelectMany(p => p.Items).Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task Write_ConflictsAndGoneEvents_AreOutcomesNotExceptions()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var (_, connection) = await google.ConnectAsync(Cancel);
        var calendar = await google.OpenAsync(connection, Cancel);
        var first = (await calendar.WriteAsync([Insert("c1")], Cancel))[0].Event!;
        await calendar.WriteAsync([EventWrite.Update(first with { Summary = "Changed elsewhere" }, first.ETag)], Cancel);

        var again = await calendar.WriteAsync([Insert("c1")], Cancel);
        var stale = await calendar.WriteAsync([EventWrite.Update(first with { Summary = "Ours" }, first.ETag)], Cancel);
        var deleted = await calendar.WriteAsync([EventWrite.Delete(first.Id)], Cancel);
        var deletedAgain = await calendar.WriteAsync([EventWrite.Delete(first.Id)], Cancel);
        var reinsert = await calendar.WriteAsync([Insert("c1")], Cancel);
        var read = await calendar.GetEventAsync(first.Id, Cancel);

        Assert.Equal(EventWriteOutcome.AlreadyExists, again[0].Outcome);
        Assert.Equal(EventWriteOutcome.Changed, stale[0].Outcome);
        Assert.Equal(EventWriteOutcome.Written, deleted[0].Outcome);
        Assert.Equal(EventWriteOutcome.NotFound, deletedAgain[0].Outcome);
        Assert.Equal(EventWriteOutcome.AlreadyExists, reinsert[0].Outcome);
        Assert.True(read is null || read.Status == EventStatus.Cancelled);
        Assert.Null(await calendar.GetEventAsync("nosuchevent0", Cancel));
    }

    [Fact]
    public async Task List_ExpiredSyncToken_ThrowsFullResyncRequired()
    {
        await using var host = await CalendarSync.Emulator.EmulatorHost.StartAsync(cancellationToken: Cancel);
        using var google = new EmulatorGoogle(host.BaseUri);
        var (_, connection) = await google.ConnectAsync(Cancel);
        var calendar = await google.OpenAsync(connection, Cancel);
        var token = (await ListAllAsync(calendar, new EventListRequest(), Cancel)).SyncToken;

        await google.InjectAsync(new { kind = "expireSyncTokens" }, Cancel);

        await Assert.ThrowsAsync<FullResyncRequiredException>(
            () => calendar.ListEventsAsync(new EventListRequest { SyncToken = token }, Cancel));
    }

    [Fact]
    public async Task Write_BatchOf50WithSomeFailing_OneRoundTripOneResultEach()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var (_, connection) = await google.ConnectAsync(Cancel);
        var (calendar, _, batch) = await google.OpenCountingAsync(connection, Cancel);
        await calendar.WriteAsync([Insert("b3"), Insert("b17"), Insert("b40")], Cancel);
        var before = batch.RoundTrips;

        var results = await calendar.WriteAsync(Enumerable.Range(0, 50).Select(i => Insert($"b{i}")).ToArray(), Cancel);

        Assert.Equal(1, batch.RoundTrips - before);
        Assert.Equal(50, results.Count);
        Assert.Equal([3, 17, 40], results.Select((r, i) => (r, i)).Where(x => x.r.Outcome == EventWriteOutcome.AlreadyExists).Select(x => x.i));
        Assert.Equal(47, results.Count(r => r.Outcome == EventWriteOutcome.Written));
    }

    [Fact]
    public async Task Write_BatchPartAnsweredConflict_RetriesThatPartAloneAndWritesAll()
    {
        await using var host = await CalendarSync.Emulator.EmulatorHost.StartAsync(cancellationToken: Cancel);
        using var google = new EmulatorGoogle(host.BaseUri);
        var (_, connection) = await google.ConnectAsync(Cancel);
        var (calendar, retry, batch) = await google.OpenCountingAsync(connection, Cancel);

        // Google runs a batch's parts in any order (so does the emulator); one of them clashes with another.
        await google.InjectAsync(new { kind = "conflict", path = "/calendar/v3/calendars/*/events", method = "POST", count = 1 }, Cancel);
        var results = await calendar.WriteAsync(Enumerable.Range(0, 5).Select(i => Insert($"clash{i}")).ToArray(), Cancel);

        Assert.All(results, r => Assert.Equal(EventWriteOutcome.Written, r.Outcome));
        Assert.Equal(2, batch.RoundTrips);
        Assert.Equal(0, retry.Retries);
        Assert.Equal(5, (await ListAllAsync(calendar, new EventListRequest(), Cancel)).Items.Count);
    }

    [Fact]
    public async Task Write_QuotaExceeded_UsageLimitedAtOnceWithoutRetry()
    {
        await using var host = await CalendarSync.Emulator.EmulatorHost.StartAsync(cancellationToken: Cancel);
        using var google = new EmulatorGoogle(host.BaseUri);
        var (_, connection) = await google.ConnectAsync(Cancel);
        var (calendar, retry, batch) = await google.OpenCountingAsync(connection, Cancel);

        await google.InjectAsync(new { kind = "quotaExceeded", path = "/calendar/v3/*", method = "POST" }, Cancel);
        var one = await calendar.WriteAsync([Insert("quota1")], Cancel);
        var two = await calendar.WriteAsync([Insert("quota2"), Insert("quota3")], Cancel);

        Assert.All(one.Concat(two), r => Assert.IsType<CalendarUsageLimitedException>(r.Error));
        Assert.Equal(0, retry.Retries);
        Assert.Equal(1, batch.RoundTrips);
    }

    [Fact]
    public async Task Write_ForbiddenForNonOrganizer_RefusedForThatEventOnly()
    {
        await using var host = await CalendarSync.Emulator.EmulatorHost.StartAsync(cancellationToken: Cancel);
        using var google = new EmulatorGoogle(host.BaseUri);
        var (_, connection) = await google.ConnectAsync(Cancel);
        var calendar = await google.OpenAsync(connection, Cancel);
        var written = await calendar.WriteAsync([Insert("organ1"), Insert("organ2")], Cancel);

        await google.InjectAsync(
            new { kind = "forbiddenForNonOrganizer", path = $"/calendar/v3/calendars/*/events/{written[0].Event!.Id}", method = "PUT" }, Cancel);
        var results = await calendar.WriteAsync(
            written.Select(w => EventWrite.Update(w.Event! with { Summary = "Changed" }, w.Event!.ETag)).ToArray(), Cancel);

        Assert.Equal([EventWriteOutcome.Refused, EventWriteOutcome.Written], results.Select(r => r.Outcome));
        Assert.IsType<CalendarWriteRefusedException>(results[0].Error);
    }

    [Fact]
    public async Task List_ShortAndEmptyPages_PagesToTheEndAndGetsEveryEvent()
    {
        await using var host = await CalendarSync.Emulator.EmulatorHost.StartAsync(cancellationToken: Cancel);
        using var google = new EmulatorGoogle(host.BaseUri);
        var (_, connection) = await google.ConnectAsync(Cancel);
        var calendar = await google.OpenAsync(connection, Cancel);
        await calendar.WriteAsync(Enumerable.Range(0, 9).Select(i => Insert($"short{i}")).ToArray(), Cancel);

        await google.InjectAsync(new { kind = "shortPages", path = "/calendar/v3/calendars/*/events", method = "GET" }, Cancel);
        var pages = new List<int>();
        var request = new EventListRequest { MaxResults = 4 };
        EventPage page;
        do
        {
            page = await calendar.ListEventsAsync(request, Cancel);
            pages.Add(page.Items.Count);
            request = request with { PageToken = page.NextPageToken };
        }
        while (page.NextPageToken is not null);

        Assert.Contains(0, pages);
        Assert.Equal(9, pages.Sum());
        Assert.NotNull(page.NextSyncToken);
    }

    [Fact]
    public async Task Write_500Inserts_TakesTenBatchRoundTrips()
    {
        await using var host = await CalendarSync.Emulator.EmulatorHost.StartAsync(cancellationToken: Cancel);
        using var google = new EmulatorGoogle(host.BaseUri);
        var (_, connection) = await google.ConnectAsync(Cancel);
        var (calendar, _, batch) = await google.OpenCountingAsync(connection, Cancel);

        var clock = Stopwatch.StartNew();
        foreach (var chunk in Enumerable.Range(0, 500).Chunk(ICalendar.MaxWritesPerCall))
        {
            var results = await calendar.WriteAsync(chunk.Select(i => Insert($"bulk{i}")).ToArray(), Cancel);
            Assert.All(results, r => Assert.Equal(EventWriteOutcome.Written, r.Outcome));
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"500 inserts: {batch.RoundTrips} round trips, {clock.ElapsedMilliseconds} ms");
        Assert.Equal(10, batch.RoundTrips);
        Assert.Equal(500, (await ListAllAsync(calendar, new EventListRequest { MaxResults = 2500 }, Cancel)).Items.Count);
    }

    [Theory]
    [InlineData("serviceUnavailable")]
    [InlineData("backendError")]
    [InlineData("rateLimitExceeded")]
    [InlineData("userRateLimitExceeded")]
    [InlineData("tooManyRequests")]
    [InlineData("dropConnection")]
    public async Task List_FaultTwiceThenHealthy_RetriesTwiceAndSucceeds(string fault)
    {
        await using var host = await CalendarSync.Emulator.EmulatorHost.StartAsync(cancellationToken: Cancel);
        using var google = new EmulatorGoogle(host.BaseUri);
        var (_, connection) = await google.ConnectAsync(Cancel);
        var (calendar, retry, _) = await google.OpenCountingAsync(connection, Cancel);
        await calendar.ListEventsAsync(new EventListRequest(), Cancel);

        await google.InjectAsync(new { kind = fault, path = "/calendar/v3/*", count = 2 }, Cancel);
        var page = await calendar.ListEventsAsync(new EventListRequest(), Cancel);

        Assert.NotNull(page.NextSyncToken);
        Assert.Equal(2, retry.Retries);
    }

    [Fact]
    public async Task List_OneTrySlowerThanTheRequestTimeout_IsRetriedAndSucceeds()
    {
        // Regression: the request timeout was the client's, which bounds every try of a call together, so a try that
        // hung was never retried and the whole sync run failed on it.
        await using var host = await CalendarSync.Emulator.EmulatorHost.StartAsync(cancellationToken: Cancel);
        using var google = new EmulatorGoogle(host.BaseUri, requestTimeout: TimeSpan.FromSeconds(1));
        var (_, connection) = await google.ConnectAsync(Cancel);
        var (calendar, retry, _) = await google.OpenCountingAsync(connection, Cancel);
        await calendar.ListEventsAsync(new EventListRequest(), Cancel);

        await google.InjectAsync(new { kind = "latency", latencyMs = 1500, path = "/calendar/v3/*", count = 1 }, Cancel);
        var page = await calendar.ListEventsAsync(new EventListRequest(), Cancel);

        Assert.NotNull(page.NextSyncToken);
        Assert.Equal(1, retry.Retries);
    }

    [Fact]
    public async Task List_RateLimitedEveryTime_TransientAfterMaxAttempts()
    {
        await using var host = await CalendarSync.Emulator.EmulatorHost.StartAsync(cancellationToken: Cancel);
        using var google = new EmulatorGoogle(host.BaseUri);
        var (_, connection) = await google.ConnectAsync(Cancel);
        var (calendar, retry, _) = await google.OpenCountingAsync(connection, Cancel);
        await calendar.ListEventsAsync(new EventListRequest(), Cancel);

        await google.InjectAsync(new { kind = "rateLimitExceeded", path = "/calendar/v3/*" }, Cancel);

        await Assert.ThrowsAsync<CalendarTransientException>(() => calendar.ListEventsAsync(new EventListRequest(), Cancel));
        Assert.Equal(EmulatorGoogle.FastRetries.MaxAttempts - 1, retry.Retries);
    }

    [Fact]
    public async Task Open_GrantRevoked_ThrowsGrantRevokedNotTransient()
    {
        await using var host = await CalendarSync.Emulator.EmulatorHost.StartAsync(cancellationToken: Cancel);
        using var google = new EmulatorGoogle(host.BaseUri);
        var (user, connection) = await google.ConnectAsync(Cancel);
        var calendar = await google.OpenAsync(connection, Cancel);
        await calendar.ListEventsAsync(new EventListRequest(), Cancel);

        await google.InjectAsync(new { kind = "revokeGrant", email = user.Email }, Cancel);

        await Assert.ThrowsAsync<CalendarGrantRevokedException>(() => calendar.ListEventsAsync(new EventListRequest(), Cancel));
        using var fresh = new EmulatorGoogle(host.BaseUri);
        fresh.Vault.Tokens[connection.StaffId] = user.RefreshToken;
        var reopened = await fresh.OpenAsync(connection, Cancel);
        await Assert.ThrowsAsync<CalendarGrantRevokedException>(() => reopened.ListEventsAsync(new EventListRequest(), Cancel));
    }

    [Fact]
    public async Task List_AccessTokenExpiredMidSync_RefreshesAndGoesOn()
    {
        var emulatorClock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await CalendarSync.Emulator.EmulatorHost.StartAsync(timeProvider: emulatorClock, cancellationToken: Cancel);
        using var google = new EmulatorGoogle(host.BaseUri);
        var (_, connection) = await google.ConnectAsync(Cancel);
        var (calendar, _, _) = await google.OpenCountingAsync(connection, Cancel);
        await calendar.WriteAsync([Insert("t1")], Cancel);
        var credential = await google.OAuth.GetCredentialAsync(connection.StaffId, Cancel);
        var firstAccessToken = credential!.Token.AccessToken;

        // Google's clock runs past the access token's life while ours does not: the next call gets a 401.
        emulatorClock.Advance(TimeSpan.FromHours(2));
        var page = await calendar.ListEventsAsync(new EventListRequest(), Cancel);

        Assert.Single(page.Items);
        var refreshed = await google.OAuth.GetCredentialAsync(connection.StaffId, Cancel);
        Assert.NotEqual(firstAccessToken, refreshed!.Token.AccessToken);
        Assert.Equal(0, google.Vault.Writes);
    }

    [Fact]
    public async Task Write_EveryWritePath_AsksGoogleToNotifyNobodyAndNamesNoAttendees()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var (user, connection) = await google.ConnectAsync(Cancel);
        var (calendar, _, _) = await google.OpenCountingAsync(connection, Cancel);
        var credential = (await google.OAuth.GetCredentialAsync(connection.StaffId, Cancel))!;
        using var service = google.Services.Create(credential, new CalendarSync.Google.Http.GoogleRetryHandler(EmulatorGoogle.FastRetries, google.Clock));

        var one = (await calendar.WriteAsync([Insert("w1")], Cancel))[0].Event!;
        var updated = (await calendar.WriteAsync([EventWrite.Update(one with { Summary = "Updated" }, one.ETag)], Cancel))[0].Event!;
        await service.Events.Patch(new CalendarSync.Google.Calendar.Data.Event { Summary = "Patched" }, user.Email, updated.Id).ExecuteAsync(Cancel);
        await calendar.WriteAsync([EventWrite.Delete(one.Id)], Cancel);
        var batch = await calendar.WriteAsync([Insert("w2"), Insert("w3")], Cancel);
        await calendar.WriteAsync(
            [EventWrite.Update(batch[0].Event! with { Summary = "Batch update" }, batch[0].Event!.ETag), EventWrite.Delete(batch[1].Event!.Id)], Cancel);
        var writes = await WritesAsync(user.Email);

        // Google runs a batch's parts in any order, and so does the emulator.
        Assert.Equal(
            ["delete", "delete (batch)", "insert", "insert (batch)", "insert (batch)", "patch", "update", "update (batch)"],
            writes.Select(w => (string)w!["method"]! + ((bool)w["inBatch"]! ? " (batch)" : string.Empty)).Order(StringComparer.Ordinal));
        Assert.All(writes, w => Assert.Equal("none", (string?)w!["sendUpdates"]));
        Assert.All(writes, w => Assert.Null(w!["attendees"]));
        Assert.All(writes, w => Assert.InRange((int)w!["status"]!, 200, 204));
    }

    [Fact]
    public async Task Write_VisibilityColourAndReminders_ReadBackAsWritten()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var (_, connection) = await google.ConnectAsync(Cancel);
        var calendar = await google.OpenAsync(connection, Cancel);
        var shaped = Insert("v1").Event! with { Visibility = EventVisibility.Private, ColorId = "5", Reminders = EventReminders.None };
        var plain = Insert("v2").Event!;

        await calendar.WriteAsync([EventWrite.Insert(shaped), EventWrite.Insert(plain)], Cancel);
        var readShaped = (await calendar.GetEventAsync(shaped.Id, Cancel))!;
        var readPlain = (await calendar.GetEventAsync(plain.Id, Cancel))!;
        var listed = (await ListAllAsync(calendar, new EventListRequest(), Cancel)).Items.Single(e => e.Id == shaped.Id);

        Assert.Equal((EventVisibility.Private, "5", EventReminders.None, false), (readShaped.Visibility, readShaped.ColorId, readShaped.Reminders, readShaped.HasAttendees));
        Assert.Equal((EventVisibility.Default, null, EventReminders.Default), (readPlain.Visibility, readPlain.ColorId, readPlain.Reminders));
        Assert.True(Core.Sync.EventRendering.Matches(listed, shaped));
        Assert.False(Core.Sync.EventRendering.Matches(readPlain, plain with { Visibility = EventVisibility.Private }));
    }

    [Fact]
    public async Task Write_TemplateWithANameOfBracesAndLineBreaks_ReadsBackAsOneLineOfTextThatMatches()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var (_, connection) = await google.ConnectAsync(Cancel);
        var calendar = await google.OpenAsync(connection, Cancel);
        var options = new Core.Sync.EventOptions();
        options.Appointment.Summary = "Appointment: {customerName}";
        options.Appointment.Description = "{notes}";
        var start = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var appointment = new Core.Domain.Appointment(
            "braces", "s1", Core.Domain.Period.Timed(start, start.AddHours(1)), "Jane {notes}\nSummary: forged", "Haircut", "Line one\n{customerName}");
        var rendered = new Core.Sync.EventRendering(options).Render(appointment, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));

        await calendar.WriteAsync([EventWrite.Insert(rendered)], Cancel);
        var read = (await calendar.GetEventAsync(rendered.Id, Cancel))!;

        Assert.Equal("Appointment: Jane {notes} Summary: forged", read.Summary);
        Assert.Equal("Line one\n{customerName}", read.Description);
        Assert.True(Core.Sync.EventRendering.Matches(read, rendered));
    }

    [Fact]
    public async Task QueryFreeBusy_GrantWithoutFreeBusy_ScopeMissingAndStillA403ForCallersThatCatchThose()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var (_, connection) = await google.ConnectAsync(Cancel);
        var calendar = await google.OpenAsync(connection, Cancel);
        var day = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

        var refused = await Assert.ThrowsAsync<CalendarScopeMissingException>(
            () => calendar.QueryFreeBusyAsync([connection.CalendarId], day, day.AddDays(1), Cancel));
        var directory = google.Directory();
        var creating = await Assert.ThrowsAsync<CalendarScopeMissingException>(
            () => directory.CreateCalendarAsync(connection, "Bookings", "Europe/Berlin", null, Cancel));

        Assert.IsAssignableFrom<CalendarNotWritableException>(refused);
        Assert.Contains("insufficient authentication scopes", refused.Message, StringComparison.Ordinal);
        Assert.Contains("connect their calendar again", refused.Message, StringComparison.Ordinal);
        Assert.Contains("403", creating.Message, StringComparison.Ordinal);
        Assert.Equal(EventWriteOutcome.Written, (await calendar.WriteAsync([Insert("s1")], Cancel))[0].Outcome);
    }

    [Fact]
    public async Task MoveEvent_ToACreatedCalendar_SameIdThereCancelledHereAndNullOnceGone()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var (user, connection) = await google.ConnectAsync(EmulatorGoogle.WithCreatedCalendars, Cancel);
        var bookings = await google.Directory().CreateCalendarAsync(connection, "Bookings", "Europe/Berlin", null, Cancel);
        var primary = await google.OpenAsync(connection, Cancel);
        var destination = await google.OpenAsync(connection, bookings.Id, Cancel);
        var written = (await primary.WriteAsync([Insert("m1")], Cancel))[0].Event!;
        var here = await ListAllAsync(primary, new EventListRequest(), Cancel);

        var moved = await primary.MoveEventAsync(written.Id, bookings.Id, Cancel);
        var left = await ListAllAsync(primary, new EventListRequest { SyncToken = here.SyncToken }, Cancel);
        var there = await destination.GetEventAsync(written.Id, Cancel);

        Assert.Equal((written.Id, "appointment:m1"), (moved!.Id, moved.PrivateProperties[EventIds.KeyProperty]));
        Assert.NotEqual(written.ETag, moved.ETag);
        Assert.Equal((EventStatus.Cancelled, written.Id), (Assert.Single(left.Items).Status, left.Items[0].Id));
        Assert.Equal((EventStatus.Confirmed, moved.ETag), (there!.Status, there.ETag));
        Assert.Null(await primary.MoveEventAsync(written.Id, bookings.Id, Cancel));
        var asked = (await WritesAsync(user.Email)).Where(w => (string)w!["method"]! == "move").ToList();
        Assert.Equal(2, asked.Count);
        Assert.All(asked, w => Assert.Equal("none", (string?)w!["sendUpdates"]));
    }

    [Fact]
    public async Task MoveEvent_ToACalendarSharedReadOnly_NotWritableAndTheEventStays()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var (user, connection) = await google.ConnectAsync(Cancel);
        var (_, colleague) = await google.ColleagueAsync(Cancel);
        var team = await google.Directory().CreateCalendarAsync(colleague, "Team", "Europe/Berlin", null, Cancel);
        await google.ShareAsync(team.Id, user.Email, "reader", Cancel);
        var primary = await google.OpenAsync(connection, Cancel);
        var written = (await primary.WriteAsync([Insert("m2")], Cancel))[0].Event!;

        var refused = await Assert.ThrowsAsync<CalendarNotWritableException>(() => primary.MoveEventAsync(written.Id, team.Id, Cancel));

        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
        Assert.Equal(EventStatus.Confirmed, (await primary.GetEventAsync(written.Id, Cancel))!.Status);
    }

    private async Task<System.Text.Json.Nodes.JsonArray> WritesAsync(string email)
    {
        using var http = new HttpClient { BaseAddress = emulator.BaseUri };
        var answer = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.Nodes.JsonNode>(
            http, $"emulator/calendars/{Uri.EscapeDataString(email)}/writes", Cancel);
        return answer!["items"]!.AsArray();
    }

    private static EventWrite Insert(string id) => EventWrite.Insert(new CalendarEvent
    {
        Id = EventIds.For(Core.Domain.ItemKey.Parse($"appointment:{id}")),
        Summary = $"Appointment: {id}",
        Start = EventDateTime.ForInstant(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")),
        End = EventDateTime.ForInstant(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")),
        PrivateProperties = new Dictionary<string, string> { [EventIds.KeyProperty] = $"appointment:{id}", [EventIds.VersionProperty] = "1" },
    });

    private static async Task<(List<CalendarEvent> Items, string? SyncToken)> ListAllAsync(ICalendar calendar, EventListRequest request, CancellationToken cancellationToken)
    {
        var items = new List<CalendarEvent>();
        while (true)
        {
            var page = await calendar.ListEventsAsync(request, cancellationToken);
            items.AddRange(page.Items);
            if (page.NextPageToken is null)
            {
                return (items, page.NextSyncToken);
            }

            request = request with { PageToken = page.NextPageToken };
        }
    }
}
