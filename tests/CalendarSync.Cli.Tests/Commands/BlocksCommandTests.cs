using CalendarSync.Cli.Commands;
using Spectre.Console;

namespace CalendarSync.Cli.Tests.Commands;

public sealed class BlocksCommandTests
{
    [Fact]
    public void Table_SummaryWithTerminalEscapesAndBidiControls_ReachesTheTerminalWithoutThem()
    {
        // As stored before block summaries were made plain text: an outsider's title, sequences and all.
        var row = new BlocksCommand.BlockRow(
            "g-outsider1", "Google", "2026-12-10T09:00:00Z/2026-12-10T10:00:00Z", false,
            "\u001b]0;pwned\u0007\u001b[2J\u001b[31m[red]Lunch\u001b[0m\r\u202eevil\u009b6n", "outsider1");
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 200;

        console.Write(BlocksCommand.Table("Blocked time of s1", [row]));

        var written = output.ToString();
        Assert.All(written, c => Assert.False(
            (char.IsControl(c) && c != '\n') || c is >= '\u202a' and <= '\u202e' or >= '\u2066' and <= '\u2069',
            $"U+{(int)c:X4} reached the terminal: {written}"));
        Assert.Contains("[red]Lunch evil", written, StringComparison.Ordinal);
    }
}
