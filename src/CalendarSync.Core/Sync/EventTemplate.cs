using System.Text;

namespace CalendarSync.Core.Sync;

/// <summary>
/// A summary or description template, read once: text with named placeholders in braces (<c>{customerName}</c>),
/// <c>{{</c> and <c>}}</c> for braces themselves. A value goes in as text in one pass, so braces or line breaks in a
/// customer's name never become template syntax.
/// </summary>
public sealed class EventTemplate
{
    private readonly IReadOnlyList<(string Text, bool IsPlaceholder)> _parts;

    private EventTemplate(IReadOnlyList<(string Text, bool IsPlaceholder)> parts) => _parts = parts;

    /// <summary>The template, or null and what is wrong with it when it has bad syntax or a placeholder not in <paramref name="placeholders"/>.</summary>
    public static EventTemplate? TryParse(string text, IReadOnlyCollection<string> placeholders, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(placeholders);
        var parts = new List<(string, bool)>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((c == '{' || c == '}') && i + 1 < text.Length && text[i + 1] == c)
            {
                literal.Append(c);
                i++;
                continue;
            }

            if (c == '}')
            {
                problem = $"has a '}}' at position {i + 1} that closes nothing (write '}}}}' for a brace).";
                return null;
            }

            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            var close = text.IndexOf('}', i + 1);
            var name = close < 0 ? null : text[(i + 1)..close];
            if (name is null || name.Contains('{', StringComparison.Ordinal))
            {
                problem = $"has a '{{' at position {i + 1} that is not closed (write '{{{{' for a brace).";
                return null;
            }

            if (!placeholders.Contains(name))
            {
                problem = $"has the unknown placeholder {{{name}}}; it may use {string.Join(", ", placeholders.Select(p => $"{{{p}}}"))}.";
                return null;
            }

            if (literal.Length > 0)
            {
                parts.Add((literal.ToString(), false));
                literal.Clear();
            }

            parts.Add((name, true));
            i = close;
        }

        if (literal.Length > 0)
        {
            parts.Add((literal.ToString(), false));
        }

        problem = null;
        return new EventTemplate(parts);
    }

    /// <summary>The text with each placeholder replaced by its value (nothing for null).</summary>
    public string Render(Func<string, string?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = new StringBuilder();
        foreach (var (part, isPlaceholder) in _parts)
        {
            text.Append(isPlaceholder ? value(part) : part);
        }

        return text.ToString();
    }
}
