namespace CalendarSync.Core.Sync;

/// <summary>
/// Google's sync token for each other calendar read in full, by calendar id: a calendar listed in full once has one, a
/// calendar to be listed in full again (after a full resync) has an empty one. A calendar here that is no longer read may
/// still have blocks to remove. A value, sorted by id, so equal states compare equal.
/// </summary>
public sealed record CalendarTokens
{
    public static readonly CalendarTokens None = new(new SortedDictionary<string, string>(StringComparer.Ordinal));

    private readonly SortedDictionary<string, string> _tokens;

    // Joined, so that equality is the map's (neither ids nor Google's tokens hold a tab or a line break).
    private readonly string _joined;

    private CalendarTokens(SortedDictionary<string, string> tokens)
    {
        _tokens = tokens;
        _joined = string.Join('\n', tokens.Select(pair => $"{pair.Key}\t{pair.Value}"));
    }

    public IEnumerable<string> CalendarIds => _tokens.Keys;

    public bool IsEmpty => _tokens.Count == 0;

    /// <summary>The calendar's sync token; null when it was never listed in full or is to be listed in full again.</summary>
    public string? TokenOf(string calendarId) => _tokens.GetValueOrDefault(calendarId) is { Length: > 0 } token ? token : null;

    /// <summary>With the calendar's token (null: to be listed in full).</summary>
    public CalendarTokens With(string calendarId, string? token)
    {
        ArgumentException.ThrowIfNullOrEmpty(calendarId);
        token ??= string.Empty;
        if (calendarId.Any(c => c is '\t' or '\n') || token.Any(c => c is '\t' or '\n'))
        {
            throw new ArgumentException("Calendar ids and sync tokens hold no tab or line break.");
        }

        return new CalendarTokens(new SortedDictionary<string, string>(_tokens, StringComparer.Ordinal) { [calendarId] = token });
    }

    /// <summary>Every calendar to be listed in full again, its blocks kept until then.</summary>
    public CalendarTokens Forgotten() =>
        new(new SortedDictionary<string, string>(_tokens.ToDictionary(pair => pair.Key, _ => string.Empty), StringComparer.Ordinal));

    public CalendarTokens Without(string calendarId)
    {
        var tokens = new SortedDictionary<string, string>(_tokens, StringComparer.Ordinal);
        return tokens.Remove(calendarId) ? new CalendarTokens(tokens) : this;
    }

    /// <summary>As stored: a line per calendar, its id and token separated by a tab; empty or null for none.</summary>
    public static CalendarTokens Parse(string? stored)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return None;
        }

        var tokens = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in stored.Split('\n'))
        {
            var parts = line.Split('\t');
            if (parts.Length != 2 || parts[0].Length == 0)
            {
                throw new FormatException("A stored calendar token is a calendar id and a token (or nothing), separated by a tab.");
            }

            tokens[parts[0]] = parts[1];
        }

        return new CalendarTokens(tokens);
    }

    public override string ToString() => _joined;

    public bool Equals(CalendarTokens? other) => other is not null && string.Equals(_joined, other._joined, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_joined);
}
