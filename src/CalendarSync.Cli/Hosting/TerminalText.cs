using CalendarSync.Core.Domain;
using Spectre.Console;

namespace CalendarSync.Cli.Hosting;

/// <summary>
/// Stored text shown in a table: Spectre's markup escaping covers its own brackets, not what a terminal acts on. Text
/// that may come from outside (a Google event's summary, stored raw before summaries were made plain text) is shown as
/// <see cref="PlainText"/>, so no escape sequence (a window title, a cleared screen, a hyperlink) reaches the terminal.
/// </summary>
internal static class TerminalText
{
    public static string Cell(string? text) => Markup.Escape(PlainText.Of(text) ?? "");
}
