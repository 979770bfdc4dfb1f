using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Tests.Domain;

public sealed class PlainTextTests
{
    [Theory]
    [InlineData("\u001b[1;31mred\u001b[0m", "red")]
    [InlineData("\u009b2Jcleared", "cleared")]
    [InlineData("a\u001b]0;new window title\u0007b", "ab")]
    [InlineData("\u001b]8;;https://evil.example/\u001b\\link\u001b]8;;\u001b\\", "link")]
    [InlineData("x\u001bcy", "xy")]
    [InlineData("trailing\u001b[31", "trailing")]
    public void Of_TerminalEscapeSequences_GoWhole(string text, string plain) => Assert.Equal(plain, PlainText.Of(text));

    [Theory]
    [InlineData("a\u0000b\u0001c\u007fd\u0090e", "abcde")]
    [InlineData("\u202eesuap\u202c \u2066x\u2069\u200f\u061c", "esuap x")]
    public void Of_ControlAndBidiCharacters_AreRemoved(string text, string plain) => Assert.Equal(plain, PlainText.Of(text));

    [Fact]
    public void Of_WhiteSpaceRunsAndLineBreaks_BecomeOneSpaceWithEndsTrimmed() =>
        Assert.Equal("Lunch with Ana", PlainText.Of("  Lunch\r\n\twith \u2028 Ana\u00a0 "));

    [Fact]
    public void Of_HtmlEmojiAndAccents_StayAsTheyAre() =>
        Assert.Equal("<b>Café</b> 🥗 & \"more\"", PlainText.Of("<b>Café</b> 🥗 & \"more\""));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \r\n\u001b[2J\u202e ")]
    public void Of_NothingVisible_IsNull(string? text) => Assert.Null(PlainText.Of(text));

    [Fact]
    public void Of_LoneSurrogate_BecomesTheReplacementCharacter() =>
        Assert.Equal("a\ufffdb\ufffd", PlainText.Of("a\ud83eb\udd57"));

    [Fact]
    public void Of_LongTextWithControls_IsCutAfterCleaning()
    {
        var plain = PlainText.Of(string.Concat(Enumerable.Repeat("ab\u001b[31m", 100)), maxLength: 10);

        Assert.Equal("abababab" + "a…", plain);
    }

    [Theory]
    [InlineData("x\r\nINFO forged line", "x INFO forged line")]
    [InlineData(null, "")]
    [InlineData("\u0000", "")]
    public void Excerpt_CallersValue_IsOneLineForALogOrAMessage(string? value, string expected) =>
        Assert.Equal(expected, PlainText.Excerpt(value));

    [Fact]
    public void Excerpt_LongValue_IsCutToTheExcerptLength() =>
        Assert.Equal(PlainText.ExcerptLength, PlainText.Excerpt(new string('a', 10_240)).Length);
}
