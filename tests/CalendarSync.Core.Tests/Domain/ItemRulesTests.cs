using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Tests.Domain;

/// <summary>The limits every item keeps, whichever way it is made: each refusal names the field as the data API does.</summary>
public sealed class ItemRulesTests
{
    private static readonly DateTimeOffset Nine = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, Func<LocalItem>> BrokenItems => new()
    {
        { "end", () => Lesson(Period.Timed(Nine, Nine.AddDays(400))) },
        { "start", () => Lesson(Period.Timed(new DateTimeOffset(1999, 12, 31, 23, 0, 0, TimeSpan.Zero), Nine)) },
        { "end", () => new AvailabilityException("x1", "s1", Period.Timed(Nine, new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero))) },
        { "endDate", () => new BlockedSlot("b1", "s1", Period.AllDay(new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 3)), BlockOrigin.Local) },
        { "startDate", () => new BusinessClosure("c1", new DateOnly(1999, 12, 31), new DateOnly(2000, 1, 2), "Millennium") },
        { "endDate", () => new AvailabilityException("x1", "s1", Period.AllDay(new DateOnly(2099, 12, 31), new DateOnly(2100, 1, 2))) },
        { "startDate", () => new Appointment("a1", "s1", Period.AllDay(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 2)), "Jane Doe", null) },
        { "customerName", () => new Appointment("a1", "s1", Period.Timed(Nine, Nine.AddHours(1)), new string('x', 201), null) },
        { "customerName", () => new Appointment("a1", "s1", Period.Timed(Nine, Nine.AddHours(1)), " ", null) },
        { "title", () => new Appointment("a1", "s1", Period.Timed(Nine, Nine.AddHours(1)), "Jane Doe", "\u001b[31mred") },
        { "notes", () => new Appointment("a1", "s1", Period.Timed(Nine, Nine.AddHours(1)), "Jane Doe", null, new string('x', 2001)) },
        { "summary", () => new BlockedSlot("b1", "s1", Period.Timed(Nine, Nine.AddHours(1)), BlockOrigin.Local, "a\u0000b") },
        { "reason", () => new AvailabilityException("x1", "s1", Period.Timed(Nine, Nine.AddHours(1)), "a\u0007b") },
        { "name", () => new BusinessClosure("c1", new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 27), new string('x', 201)) },
        { "id", () => new BlockedSlot("a b", "s1", Period.Timed(Nine, Nine.AddHours(1)), BlockOrigin.Local) },
        { "staffId", () => new AvailabilityException("x1", "../s1", Period.Timed(Nine, Nine.AddHours(1))) },
    };

    [Theory]
    [MemberData(nameof(BrokenItems))]
    public void Constructor_ItemBreaksARule_RefusesNamingTheField(string field, Func<LocalItem> make) =>
        Assert.Equal(field, Assert.Throws<DomainValidationException>(() => make()).Field);

    [Fact]
    public void Constructor_ItemAtTheLimits_IsMade()
    {
        var year = Lesson(Period.Timed(Nine, Nine.AddDays(366)));
        var texts = new Appointment("a1", "s1", Period.Timed(Nine, Nine.AddHours(1)), new string('x', 200), "Line 1\n\tLine 2", new string('x', 2000));
        var lastDays = new BusinessClosure("c1", new DateOnly(2099, 12, 31), new DateOnly(2100, 1, 1), "Last day");

        Assert.Equal(TimeSpan.FromDays(366), year.Period.End - year.Period.Start);
        Assert.Equal("Line 1\n\tLine 2", texts.Title);
        Assert.Equal(new DateOnly(2100, 1, 1), lastDays.Period.EndDate);
    }

    [Fact]
    public void Constructor_GoogleOriginBlock_KeepsGooglesTimeAndSummaryWhateverTheLimits()
    {
        // A staff member's sabbatical blocks the whole of it; its summary was made plain text by the sync, or stored before.
        var block = new BlockedSlot(BlockedSlot.IdForGoogleEvent("e1"), "s1", Period.AllDay(new DateOnly(2026, 1, 1), new DateOnly(2028, 1, 1)),
            BlockOrigin.Google, "Sabbatical\u0007", "e1");

        Assert.Equal("Sabbatical\u0007", block.Summary);
    }

    [Fact]
    public void Constructor_AppointmentWithoutTitle_HasAnEmptyTitle() =>
        Assert.Equal(string.Empty, Lesson(Period.Timed(Nine, Nine.AddHours(1))).Title);

    [Fact]
    public void Stamped_AnyKind_KeepsTheKindAndFieldsWithTheStoresVersion()
    {
        LocalItem item = new BlockedSlot("b1", "s1", Period.Timed(Nine, Nine.AddHours(1)), BlockOrigin.Local, "Lunch");

        var stamped = item.Stamped(7, Nine, isDeleted: true);

        Assert.Equal(
            new BlockedSlot("b1", "s1", Period.Timed(Nine, Nine.AddHours(1)), BlockOrigin.Local, "Lunch", version: 7, lastModified: Nine, isDeleted: true),
            stamped);
        Assert.Throws<DomainValidationException>(() => item.Stamped(-1, Nine, isDeleted: false));
    }

    [Theory]
    [InlineData("2026-12-01T09:30:00+01:00", "2026-12-01T08:30:00+00:00")]
    [InlineData("2026-12-01T09:30Z", "2026-12-01T09:30:00+00:00")]
    [InlineData("2026-12-01T09:30:00.1234567-05:00", "2026-12-01T14:30:00.1234567+00:00")]
    public void ParseInstant_Iso8601WithOffset_IsTheInstant(string text, string utc) =>
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), ItemRules.ParseInstant("start", text));

    [Theory]
    [InlineData(null)]
    [InlineData("2026-12-01T09:30:00")]
    [InlineData("2026-12-01 09:30:00+01:00")]
    [InlineData("2026-12-01T09:30:00 Europe/Berlin")]
    [InlineData("2026-12-01T09:30:00+25:00")]
    [InlineData("2026-02-30T09:30:00Z")]
    [InlineData("1999-12-31T23:00:00Z")]
    [InlineData("2100-01-01T00:00:00Z")]
    [InlineData("tomorrow")]
    [InlineData("01/12/2026 09:30 +01:00")]
    public void ParseInstant_AnythingElse_RefusesNamingTheField(string? text) =>
        Assert.Equal("end", Assert.Throws<DomainValidationException>(() => ItemRules.ParseInstant("end", text)).Field);

    [Theory]
    [InlineData(null)]
    [InlineData("2026-12-1")]
    [InlineData("01/12/2026")]
    [InlineData("2026-12-01T00:00:00Z")]
    [InlineData("1999-12-31")]
    [InlineData("2100-01-02")]
    public void ParseDate_AnythingButADayInRange_RefusesNamingTheField(string? text) =>
        Assert.Equal("startDate", Assert.Throws<DomainValidationException>(() => ItemRules.ParseDate("startDate", text)).Field);

    [Fact]
    public void Allows_PeriodsTheRulesRefuse_AreNotAllowed()
    {
        Assert.True(ItemRules.Allows(Period.Timed(Nine, Nine.AddDays(366))));
        Assert.False(ItemRules.Allows(Period.Timed(Nine, Nine.AddDays(367))));
        Assert.False(ItemRules.Allows(Period.AllDay(new DateOnly(1999, 12, 31), new DateOnly(2000, 1, 1))));
    }

    private static Appointment Lesson(Period period) => new("a1", "s1", period, "Jane Doe", null);
}
