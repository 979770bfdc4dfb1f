using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Tests.Hostile;

/// <summary>Every log line the app writes, at every level, with the text of any exception, for tests to read.</summary>
internal sealed class RecordingLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    public IReadOnlyList<LogLine> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, _lines);

    public void Dispose()
    {
    }

    /// <summary>
    /// One line: its level and category, the rendered message, the structured values apart (a template may leave one
    /// out of the text), and the exception's full text (type, message, stack, inner ones).
    /// </summary>
    public sealed record LogLine(LogLevel Level, string Category, string Message, string Values, string? Exception)
    {
        public override string ToString() => $"{Level} {Category}: {Message} {Values}{(Exception is null ? "" : " | " + Exception)}";
    }

    private sealed class Recorder(string category, ConcurrentQueue<LogLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            lines.Enqueue(new LogLine(LogLevel.Trace, category, "scope", Convert.ToString(state, System.Globalization.CultureInfo.InvariantCulture) ?? "", null));
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);

            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : "";
            lines.Enqueue(new LogLine(logLevel, category, formatter(state, exception), values, exception?.ToString()));
        }
    }
}
