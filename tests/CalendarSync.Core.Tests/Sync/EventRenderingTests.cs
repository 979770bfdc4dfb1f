using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Tests.Sync;

public sealed class EventRenderingTests
{
    private static readonly TimeZoneInfo Berlin = StaffTimeZone.Find("Europe/Berlin");

    [Fact]
    public void Render_Appointment_ReadsAppointmentColonCustomerAndIsOpaque()
    {
        var start = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        var rendered = EventRendering.Render(
            new Appointment("a1", "s1", Period.Timed(start, start.AddHours(1)), "Jane Doe", "Haircut", "Short"), Berlin);

        Assert.Equal("Appointment: Jane Doe", rendered.Summary);
        Assert.Equal("Haircut\n\nShort", rendered.Description);
        Assert.Equal(EventTransparency.Opaque, rendered.Transparency);
        Assert.Equal("appointment:a1", rendered.PrivateProperties[EventIds.KeyProperty]);
        Assert.Equal("1", rendered.PrivateProperties[EventIds.VersionProperty]);
    }

    [Fact]
    public void Render_TimedItemAfterDstChange_ShowsLocalTimeWithWinterOffsetInStaffZone()
    {
        // 10:00 in Berlin on 26 October 2026 is 09:00 UTC (CET, +01:00); the day before the change it was +02:00.
        var start = new DateTimeOffset(2026, 10, 26, 9, 0, 0, TimeSpan.Zero);
        var rendered = EventRendering.Render(new AvailabilityException("x1", "s1", Period.Timed(start, start.AddHours(2))), Berlin);

        Assert.Equal(new DateTimeOffset(2026, 10, 26, 10, 0, 0, TimeSpan.FromHours(1)), rendered.Start!.DateTime);
        Assert.Equal(TimeSpan.FromHours(1), rendered.Start.DateTime!.Value.Offset);
        Assert.Equal("Europe/Berlin", rendered.Start.TimeZone);
    }

    [Fact]
    public void Render_Closure_IsAllDayWithExclusiveEnd()
    {
        var rendered = EventRendering.Render(new BusinessClosure("c1", new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 27), "Christmas"), Berlin);

        Assert.Equal("Closed: Christmas", rendered.Summary);
        Assert.Equal(new DateOnly(2026, 12, 24), rendered.Start!.Date);
        Assert.Equal(new DateOnly(2026, 12, 27), rendered.End!.Date);
        Assert.Null(rendered.Start.DateTime);
    }

    [Fact]
    public void Render_AllDayException_IsAllDay() =>
        Assert.NotNull(EventRendering.Render(
            new AvailabilityException("x1", "s1", Period.AllDay(new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 3)), "Training"), Berlin).Start!.Date);

    [Theory]
    [InlineData(EventStatus.Cancelled, EventTransparency.Opaque, AttendeeResponse.None, EventType.Default, false)]
    [InlineData(EventStatus.Confirmed, EventTransparency.Transparent, AttendeeResponse.None, EventType.Default, false)]
    [InlineData(EventStatus.Confirmed, EventTransparency.Opaque, AttendeeResponse.Declined, EventType.Default, false)]
    [InlineData(EventStatus.Confirmed, EventTransparency.Opaque, AttendeeResponse.None, EventType.WorkingLocation, false)]
    [InlineData(EventStatus.Confirmed, EventTransparency.Opaque, AttendeeResponse.Accepted, EventType.Default, true)]
    [InlineData(EventStatus.Tentative, EventTransparency.Opaque, AttendeeResponse.NeedsAction, EventType.Default, true)]
    [InlineData(EventStatus.Confirmed, EventTransparency.Opaque, AttendeeResponse.None, EventType.OutOfOffice, true)]
    public void Blocks_ByStatusTransparencyResponseAndType_FollowsTheBlockingRule(
        EventStatus status, EventTransparency transparency, AttendeeResponse response, EventType type, bool blocks)
    {
        var start = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        var calendarEvent = new CalendarEvent
        {
            Id = "e1", Status = status, Transparency = transparency, SelfResponse = response, EventType = type,
            Start = EventDateTime.ForInstant(start, Berlin), End = EventDateTime.ForInstant(start.AddHours(1), Berlin),
        };

        Assert.Equal(blocks, EventRendering.Blocks(calendarEvent));
    }

    [Theory]
    [InlineData(AttendeeResponse.None, true)]
    [InlineData(AttendeeResponse.Accepted, true)]
    [InlineData(AttendeeResponse.NeedsAction, false)]
    [InlineData(AttendeeResponse.Tentative, false)]
    [InlineData(AttendeeResponse.Declined, false)]
    public void Blocks_OnlyAcceptedInvitations_UnansweredAndMaybeDoNotBlock(AttendeeResponse response, bool blocks)
    {
        var start = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        var calendarEvent = new CalendarEvent
        {
            Id = "e1", SelfResponse = response,
            Start = EventDateTime.ForInstant(start, Berlin), End = EventDateTime.ForInstant(start.AddHours(1), Berlin),
        };

        Assert.Equal(blocks, EventRendering.Blocks(calendarEvent, InvitationsBlock.Accepted));
        Assert.Equal(response != AttendeeResponse.Declined, EventRendering.Blocks(calendarEvent, InvitationsBlock.Any));
    }

    [Fact]
    public void Matches_SameInstantWrittenWithAnotherOffset_IsTheSame()
    {
        var start = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        var rendered = EventRendering.Render(new AvailabilityException("x1", "s1", Period.Timed(start, start.AddHours(1))), Berlin);
        var asGoogleReturnsIt = rendered with
        {
            Start = new EventDateTime { DateTime = start },
            End = new EventDateTime { DateTime = start.AddHours(1) },
            PrivateProperties = new Dictionary<string, string> { [EventIds.KeyProperty] = "exception:x1", [EventIds.VersionProperty] = "7" },
        };

        Assert.True(EventRendering.Matches(asGoogleReturnsIt, rendered));
    }

    [Theory]
    [InlineData(199, 199)]
    [InlineData(200, 200)]
    [InlineData(40_000, 200)]
    public void BlockSummary_LongSummary_CutToWhatABlockKeeps(int length, int kept)
    {
        var summary = EventRendering.BlockSummary(new CalendarEvent { Id = "e1", Summary = new string('s', length) });

        Assert.Equal(kept, summary!.Length);
        Assert.Equal(length > kept, summary.EndsWith('…'));
    }

    [Fact]
    public void BlockSummary_OutsidersSummaryWithControlsAndMarkup_IsKeptAsOneLineOfPlainText()
    {
        var summary = EventRendering.BlockSummary(new CalendarEvent { Id = "e1", Summary = "<b>x</b>\u0001\u001b[31m\r\nSet-Cookie: a=b\u202e" });

        Assert.Equal("<b>x</b> Set-Cookie: a=b", summary);
    }

    [Fact]
    public void BlockSummary_CutInsideASurrogatePair_KeepsNoHalfCharacter()
    {
        var summary = EventRendering.BlockSummary(new CalendarEvent { Id = "e1", Summary = new string('s', 198) + "\ud83e\udd57" + "tail" });

        Assert.Equal(new string('s', 198) + "…", summary);
    }
}
