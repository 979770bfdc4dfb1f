using System.Text;

namespace CalendarSync.Core.Domain;

/// <summary>
/// Outsiders' text (a Google event's summary: an invitation's title is written by whoever sent it) made plain text
/// before it is stored or shown: one line of visible characters. Terminal escape sequences go whole (not only their
/// escape character, which would leave "[31m" behind), other control characters and the bidirectional overrides that
/// make text read other than it is stored go, runs of white space become one space, and the text is cut to a length.
/// It stays text: HTML in it is for whoever shows it to encode.
/// </summary>
public static class PlainText
{
    private const char Escape = '\u001b';
    private const char ControlSequenceIntroducer = '\u009b';
    private const char Bell = '\u0007';

    /// <summary>How long an <see cref="Excerpt"/> is at most.</summary>
    public const int ExcerptLength = 64;

    /// <summary>
    /// A caller's value as an error message or a log line may echo it: plain text, at most <see cref="ExcerptLength"/>
    /// characters, so that it can neither forge a line nor fill one.
    /// </summary>
    public static string Excerpt(string? text) => Of(text, ExcerptLength) ?? string.Empty;

    /// <summary>The plain text of <paramref name="text"/>, at most <paramref name="maxLength"/> characters (cut with an ellipsis); null when nothing visible is left.</summary>
    public static string? Of(string? text, int maxLength = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        if (text is null)
        {
            return null;
        }

        var plain = new StringBuilder(Math.Min(text.Length, maxLength));
        var pendingSpace = false;
        for (var i = 0; i < text.Length && plain.Length <= maxLength; i++)
        {
            var c = text[i];
            if (c is Escape or ControlSequenceIntroducer)
            {
                i = EndOfEscapeSequence(text, i);
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                pendingSpace = plain.Length > 0;
                continue;
            }

            if (char.IsControl(c) || IsBidiControl(c))
            {
                continue;
            }

            if (pendingSpace)
            {
                plain.Append(' ');
                pendingSpace = false;
            }

            if (char.IsSurrogate(c))
            {
                // A lone half of a pair is no character: stores and encoders refuse or mangle it.
                var paired = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
                plain.Append(paired ? text.AsSpan(i++, 2) : "\ufffd");
                continue;
            }

            plain.Append(c);
        }

        if (plain.Length == 0)
        {
            return null;
        }

        return plain.Length <= maxLength ? plain.ToString() : Cut(plain, maxLength);
    }

    private static string Cut(StringBuilder plain, int maxLength)
    {
        var keep = maxLength - 1;
        if (char.IsHighSurrogate(plain[keep - 1]))
        {
            keep--;
        }

        return plain.ToString(0, keep).TrimEnd() + "…";
    }

    /// <summary>
    /// The last character of the escape sequence that starts at <paramref name="start"/> (ECMA-48): a control sequence
    /// (<c>ESC [</c> or CSI, parameters, one final byte), a string command (<c>ESC ]</c>, <c>P</c>, <c>X</c>, <c>^</c>,
    /// <c>_</c>, ended by BEL or <c>ESC \</c>: a window title, a hyperlink), or <c>ESC</c> and one character.
    /// </summary>
    private static int EndOfEscapeSequence(string text, int start)
    {
        var i = start + 1;
        var kind = text[start] == ControlSequenceIntroducer ? '[' : i < text.Length ? text[i++] : '\0';
        switch (kind)
        {
            case '[':
                while (i < text.Length && text[i] is >= '\u0020' and <= '\u003f')
                {
                    i++;
                }

                return i < text.Length && text[i] is >= '\u0040' and <= '\u007e' ? i : i - 1;
            case ']' or 'P' or 'X' or '^' or '_':
                for (; i < text.Length; i++)
                {
                    if (text[i] == Bell)
                    {
                        return i;
                    }

                    if (text[i] == Escape && i + 1 < text.Length && text[i + 1] == '\\')
                    {
                        return i + 1;
                    }
                }

                return text.Length - 1;
            default:
                return i - 1;
        }
    }

    // The Unicode bidirectional formatting characters (UAX #9): embeddings, overrides, isolates and marks.
    private static bool IsBidiControl(char c) =>
        c is >= '\u202a' and <= '\u202e' or >= '\u2066' and <= '\u2069' or '\u200e' or '\u200f' or '\u061c';
}
