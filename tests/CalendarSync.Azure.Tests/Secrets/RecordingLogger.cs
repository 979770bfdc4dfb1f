using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Azure.Tests.Secrets;

/// <summary>Keeps every message and every structured value logged, so tests can look for a token in them.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyCollection<string> Entries => _entries;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        _entries.Enqueue(formatter(state, exception));
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values)
            {
                _entries.Enqueue($"{key}={value}");
            }
        }

        if (exception is not null)
        {
            _entries.Enqueue(exception.ToString());
        }
    }
}
