using System.Net;
using CalendarSync.Testing;

namespace CalendarSync.Emulator.Tests.Calendar;

public sealed class EventsWriteTests(EmulatorFixture emulator)
{
    [Fact]
    public async Task Patch_StaleIfMatch_Returns412()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var inserted = await caller.InsertAsync(CalendarCaller.Timed("edit00001", "2026-05-04T10:00:00", "2026-05-04T11:00:00"));
        await caller.PatchAsync("edit00001", new { summary = "First" });

        var answer = await caller.PatchAsync("edit00001", new { summary = "Second" }, ifMatch: inserted.Text("etag"));

        Assert.Equal(HttpStatusCode.PreconditionFailed, answer.Status);
        Assert.Equal("conditionNotMet", answer.Reason);
    }

    [Fact]
    public async Task Patch_CurrentIfMatch_ChangesEtagAndUpdated()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var inserted = await caller.InsertAsync(CalendarCaller.Timed("edit00002", "2026-05-04T10:00:00", "2026-05-04T11:00:00"));

        var answer = await caller.PatchAsync("edit00002", new { summary = "Renamed" }, ifMatch: inserted.Text("etag"));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("Renamed", answer.Text("summary"));
        Assert.NotEqual(inserted.Text("etag"), answer.Text("etag"));
        Assert.Equal(inserted.Text("created"), answer.Text("created"));
    }

    [Fact]
    public async Task Get_IfNoneMatchCurrentEtag_Returns304()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var inserted = await caller.InsertAsync(CalendarCaller.Timed("edit00010", "2026-05-04T10:00:00", "2026-05-04T11:00:00"));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{CalendarCaller.Events}/edit00010");
        request.Headers.TryAddWithoutValidation("If-None-Match", inserted.Text("etag"));

        var answer = await caller.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, answer.Status);
    }

    [Fact]
    public async Task Patch_NestedObject_MergesAndKeepsOtherFields()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(CalendarCaller.Timed("edit00003", "2026-05-04T10:00:00", "2026-05-04T11:00:00", "Keep", new
        {
            extendedProperties = new { @private = new { key = "appointment:1", version = "1" } },
        }));

        var answer = await caller.PatchAsync("edit00003", new { extendedProperties = new { @private = new { version = "2" } } });

        Assert.Equal("Keep", answer.Text("summary"));
        Assert.Equal("appointment:1", answer.Body!["extendedProperties"]!["private"]!["key"]!.GetValue<string>());
        Assert.Equal("2", answer.Body!["extendedProperties"]!["private"]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_NewTimes_IncrementsSequence()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(CalendarCaller.Timed("edit00004", "2026-05-04T10:00:00", "2026-05-04T11:00:00"));

        var renamed = await caller.PatchAsync("edit00004", new { summary = "Renamed" });
        var moved = await caller.PatchAsync("edit00004", new
        {
            start = new { dateTime = "2026-05-04T12:00:00+02:00" },
            end = new { dateTime = "2026-05-04T13:00:00+02:00" },
        });

        Assert.Equal(0, renamed.Body!["sequence"]!.GetValue<int>());
        Assert.Equal(1, moved.Body!["sequence"]!.GetValue<int>());
        Assert.Equal("2026-05-04T12:00:00+02:00", moved.Body!["start"]!["dateTime"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_WithoutAField_RemovesIt()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(CalendarCaller.Timed("edit00005", "2026-05-04T10:00:00", "2026-05-04T11:00:00", extra: new { description = "gone soon" }));

        var answer = await caller.SendAsync(
            HttpMethod.Put, $"{CalendarCaller.Events}/edit00005", CalendarCaller.Timed(null, "2026-05-04T10:00:00", "2026-05-04T11:00:00", "Replaced"));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("Replaced", answer.Text("summary"));
        Assert.Null(answer.Body!["description"]);
    }

    [Fact]
    public async Task Update_StaleIfMatch_Returns412()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var inserted = await caller.InsertAsync(CalendarCaller.Timed("edit00006", "2026-05-04T10:00:00", "2026-05-04T11:00:00"));
        await caller.PatchAsync("edit00006", new { summary = "Changed" });

        var answer = await caller.SendAsync(
            HttpMethod.Put, $"{CalendarCaller.Events}/edit00006", CalendarCaller.Timed(null, "2026-05-04T10:00:00", "2026-05-04T11:00:00"), inserted.Text("etag"));

        Assert.Equal(HttpStatusCode.PreconditionFailed, answer.Status);
    }

    [Fact]
    public async Task Patch_UnknownEvent_Returns404()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.PatchAsync("nosuchevent", new { summary = "x" });

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("notFound", answer.Reason);
    }

    [Fact]
    public async Task Delete_ThenGet_ReturnsCancelledEvent()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(CalendarCaller.Timed("edit00007", "2026-05-04T10:00:00", "2026-05-04T11:00:00"));

        var deleted = await caller.DeleteAsync("edit00007");
        var read = await caller.GetAsync($"{CalendarCaller.Events}/edit00007");

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal("cancelled", read.Text("status"));
    }

    [Fact]
    public async Task Delete_Twice_Returns410Deleted()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(CalendarCaller.Timed("edit00008", "2026-05-04T10:00:00", "2026-05-04T11:00:00"));
        await caller.DeleteAsync("edit00008");

        var answer = await caller.DeleteAsync("edit00008");

        Assert.Equal(HttpStatusCode.Gone, answer.Status);
        Assert.Equal("deleted", answer.Reason);
    }

    [Fact]
    public async Task Delete_StaleIfMatch_Returns412AndKeepsEvent()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var inserted = await caller.InsertAsync(CalendarCaller.Timed("edit00009", "2026-05-04T10:00:00", "2026-05-04T11:00:00"));
        await caller.PatchAsync("edit00009", new { summary = "Changed" });

        var answer = await caller.DeleteAsync("edit00009", inserted.Text("etag"));
        var read = await caller.GetAsync($"{CalendarCaller.Events}/edit00009");

        Assert.Equal(HttpStatusCode.PreconditionFailed, answer.Status);
        Assert.Equal("confirmed", read.Text("status"));
    }

    [Fact]
    public async Task Patch_GmailEvent_ChangesOnlyWhatGoogleLetsAClientChange()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var path = $"emulator/calendars/{Uri.EscapeDataString(caller.User!.Email)}/events";
        var given = await Admin.AdminCaller.PostAsync(emulator.BaseUri, path, CalendarCaller.Timed("gmail0001", "2026-05-04T10:00:00", "2026-05-04T11:00:00",
            "Flight to Lisbon", new { eventType = "fromGmail" }));

        var coloured = await caller.PatchAsync("gmail0001", new { colorId = "5", transparency = "transparent" });
        var retitled = await caller.PatchAsync("gmail0001", new { summary = "Renamed" });
        var retyped = await caller.PatchAsync("gmail0001", new { eventType = "default" });

        Assert.Equal(HttpStatusCode.Created, given.Status);
        Assert.Equal((HttpStatusCode.OK, "5", "fromGmail"), (coloured.Status, coloured.Text("colorId"), coloured.Text("eventType")));
        Assert.Equal((HttpStatusCode.BadRequest, "eventTypeRestriction"), (retitled.Status, retitled.Reason));
        Assert.Equal((HttpStatusCode.BadRequest, "eventTypeRestriction"), (retyped.Status, retyped.Reason));
    }

    [Fact]
    public async Task Update_WorkingLocationMadeBusy_Returns400()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var office = await caller.InsertAsync(CalendarCaller.Timed("office001", "2026-05-04T09:00:00", "2026-05-04T17:00:00", extra: new
        {
            eventType = "workingLocation", workingLocationProperties = new { type = "homeOffice", homeOffice = new { } },
        }));

        var busy = await caller.PatchAsync("office001", new { transparency = "opaque" });

        Assert.Equal(("transparent", "public"), (office.Text("transparency"), office.Text("visibility")));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid"), (busy.Status, busy.Reason));
    }
}
