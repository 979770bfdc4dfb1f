using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Tests.Domain;

public sealed class PeriodTests
{
    private static readonly TimeZoneInfo Berlin = StaffTimeZone.Find("Europe/Berlin");

    [Fact]
    public void Timed_EndNotAfterStart_ThrowsDomainValidation()
    {
        var start = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        Assert.Throws<DomainValidationException>(() => Period.Timed(start, start));
    }

    [Fact]
    public void AllDay_EndNotAfterStart_ThrowsDomainValidation() =>
        Assert.Throws<DomainValidationException>(() => Period.AllDay(new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 24)));

    [Fact]
    public void Timed_InstantsWithOffsets_AreStoredInUtc()
    {
        var period = Period.Timed(new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(1)), new DateTimeOffset(2026, 11, 2, 11, 0, 0, TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.Zero, period.Start.Offset);
        Assert.Equal(9, period.Start.Hour);
    }

    [Fact]
    public void ToInstants_AllDayOnTheDstChange_Is25HoursFromLocalMidnight()
    {
        var (start, end) = Period.AllDay(new DateOnly(2026, 10, 25), new DateOnly(2026, 10, 26)).ToInstants(Berlin);

        Assert.Equal(new DateTimeOffset(2026, 10, 24, 22, 0, 0, TimeSpan.Zero), start);
        Assert.Equal(TimeSpan.FromHours(25), end - start);
    }
}
