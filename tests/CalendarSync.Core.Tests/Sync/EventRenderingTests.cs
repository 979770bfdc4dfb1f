using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Tests.Sync;

public sealed class EventRenderingTests
{
    private static readonly TimeZoneInfo Berlin = StaffTimeZone.Find("Europe/Berlin");

    [Fact]
    public void Render_AppointmentByDefault_CarriesNoCustomerNoTitleNoNotesAndIsPrivate()
    {
        var rendered = EventRendering.Default.Render(Haircut("Jane Doe", "Short"), Berlin);

        Assert.Equal("Appointment", rendered.Summary);
        Assert.Null(rendered.Description);
        Assert.Equal(EventVisibility.Private, rendered.Visibility);
        Assert.Equal(EventReminders.Default, rendered.Reminders);
        Assert.Null(rendered.ColorId);
        Assert.False(rendered.HasAttendees);
        Assert.Equal(EventTransparency.Opaque, rendered.Transparency);
        Assert.Equal("appointment:a1", rendered.PrivateProperties[EventIds.KeyProperty]);
        Assert.Equal("1", rendered.PrivateProperties[EventIds.VersionProperty]);
    }

    [Fact]
    public void Render_TemplatesWithNames_FillEveryPlaceholderOfAnAppointment()
    {
        var rendering = Rendering(o =>
        {
            o.Appointment.Summary = "{title} with {customerName} ({status}, #{appointmentId})";
            o.Appointment.Description = "Notes:\n{notes}";
        });

        var rendered = rendering.Render(Haircut("Jane Doe", "Short\nand neat"), Berlin);

        Assert.Equal("Haircut with Jane Doe (booked, #a1)", rendered.Summary);
        Assert.Equal("Notes:\nShort\nand neat", rendered.Description);
    }

    [Fact]
    public void Render_ValuesWithBracesAndLineBreaks_StayTextInTheirPlace()
    {
        var rendering = Rendering(o =>
        {
            o.Appointment.Summary = "Appointment: {customerName}";
            o.Appointment.Description = "Customer: {customerName}\n{notes}";
        });

        var rendered = rendering.Render(Haircut("Jane {notes}\nNotes: forged", "{customerName}"), Berlin);

        Assert.Equal("Appointment: Jane {notes} Notes: forged", rendered.Summary);
        Assert.Equal("Customer: Jane {notes} Notes: forged\n{customerName}", rendered.Description);
    }

    [Fact]
    public void Render_TemplateThatComesOutBlank_ShowsTheKindsPlainName()
    {
        var rendering = Rendering(o => o.Appointment.Summary = "{title}");
        var start = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

        var rendered = rendering.Render(new Appointment("a1", "s1", Period.Timed(start, start.AddHours(1)), "Jane Doe", null), Berlin);

        Assert.Equal("Appointment", rendered.Summary);
    }

    [Fact]
    public void Render_EscapedBraces_AreBraces() =>
        Assert.Equal("{Christmas}", Rendering(o => o.Closure.Summary = "{{{name}}}")
            .Render(new BusinessClosure("c1", new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 27), "Christmas"), Berlin).Summary);

    [Fact]
    public void Render_VisibilityColourAndReminders_FollowTheSettings()
    {
        var rendering = Rendering(o =>
        {
            o.Visibility = EventVisibility.Default;
            o.Appointment.ColorId = "11";
            o.Appointment.Reminders = EventReminderSetting.None;
        });

        var rendered = rendering.Render(Haircut("Jane Doe", null), Berlin);

        Assert.Equal((EventVisibility.Default, "11", EventReminders.None), (rendered.Visibility, rendered.ColorId, rendered.Reminders));
        Assert.False(EventRendering.Matches(EventRendering.Default.Render(Haircut("Jane Doe", null), Berlin), rendered));
    }

    [Theory]
    [InlineData("Appointment: {customer}", "Events__Appointment__Summary has the unknown placeholder {customer}")]
    [InlineData("Appointment: {customerName", "Events__Appointment__Summary has a '{' at position 14 that is not closed")]
    [InlineData("Appointment}", "Events__Appointment__Summary has a '}' at position 12 that closes nothing")]
    [InlineData("{reason}", "Events__Appointment__Summary has the unknown placeholder {reason}")]
    public void Problems_BadTemplate_NamesTheSetting(string template, string expected)
    {
        var options = new EventOptions();
        options.Appointment.Summary = template;

        var problems = EventRendering.Problems(options);

        Assert.Contains(problems, p => p.StartsWith(expected, StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new EventRendering(options));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("12")]
    [InlineData("red")]
    public void Problems_ColourGoogleDoesNotHave_NamesTheSetting(string colorId)
    {
        var options = new EventOptions();
        options.Closure.ColorId = colorId;

        Assert.Contains(EventRendering.Problems(options), p => p.StartsWith("Events__Closure__ColorId", StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_DefaultsAndSample_HaveNone() => Assert.Empty(EventRendering.Problems(new EventOptions()));

    [Fact]
    public void Fingerprint_MadeAgain_RendersAlikeAndTellsSettingsApart()
    {
        var named = Rendering(o => o.Appointment.Summary = "{customerName}");

        var again = EventRendering.FromFingerprint(named.Fingerprint);

        Assert.NotNull(again);
        Assert.Equal(named.Fingerprint, again.Fingerprint);
        Assert.Equal("Jane Doe", again.Render(Haircut("Jane Doe", null), Berlin).Summary);
        Assert.NotEqual(EventRendering.Default.Fingerprint, named.Fingerprint);
        Assert.Equal(EventRendering.Default.Fingerprint, new EventRendering(new EventOptions()).Fingerprint);
        Assert.Null(EventRendering.FromFingerprint("not a rendering"));
    }

    [Fact]
    public void Legacy_Appointment_ReadsAsBeforeTemplates()
    {
        var rendered = EventRendering.Legacy.Render(Haircut("Jane Doe", "Short"), Berlin);

        Assert.Equal(("Appointment: Jane Doe", "Haircut\n\nShort"), (rendered.Summary, rendered.Description));
        Assert.Equal(EventVisibility.Default, rendered.Visibility);
    }

    private static Appointment Haircut(string customer, string? notes)
    {
        var start = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        return new Appointment("a1", "s1", Period.Timed(start, start.AddHours(1)), customer, "Haircut", notes);
    }

    private static EventRendering Rendering(Action<EventOptions> configure)
    {
        var options = new EventOptions();
        configure(options);
        return new EventRendering(options);
    }

    [Fact]
    public void Render_TimedItemAfterDstChange_ShowsLocalTimeWithWinterOffsetInStaffZone()
    {
        // 10:00 in Berlin on 26 October 2026 is 09:00 UTC (CET, +01:00); the day before the change it was +02:00.
        var start = new DateTimeOffset(2026, 10, 26, 9, 0, 0, TimeSpan.Zero);
        var rendered = EventRendering.Default.Render(new AvailabilityException("x1", "s1", Period.Timed(start, start.AddHours(2))), Berlin);

        Assert.Equal(new DateTimeOffset(2026, 10, 26, 10, 0, 0, TimeSpan.FromHours(1)), rendered.Start!.DateTime);
        Assert.Equal(TimeSpan.FromHours(1), rendered.Start.DateTime!.Value.Offset);
        Assert.Equal("Europe/Berlin", rendered.Start.TimeZone);
    }

    [Fact]
    public void Render_Closure_IsAllDayWithExclusiveEnd()
    {
        var rendered = EventRendering.Default.Render(new BusinessClosure("c1", new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 27), "Christmas"), Berlin);

        Assert.Equal("Closed: Christmas", rendered.Summary);
        Assert.Equal(new DateOnly(2026, 12, 24), rendered.Start!.Date);
        Assert.Equal(new DateOnly(2026, 12, 27), rendered.End!.Date);
        Assert.Null(rendered.Start.DateTime);
    }

    [Fact]
    public void Render_AllDayException_IsAllDay() =>
        Assert.NotNull(EventRendering.Default.Render(
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
        var rendered = EventRendering.Default.Render(new AvailabilityException("x1", "s1", Period.Timed(start, start.AddHours(1))), Berlin);
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
