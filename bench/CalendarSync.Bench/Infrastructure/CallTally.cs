using System.Collections.Concurrent;
using System.Diagnostics;

namespace CalendarSync.Bench.Infrastructure;

/// <summary>
/// Counts every request this process sends, where it leaves the process: the .NET HTTP stack's own activity source sees
/// each HTTP request that leaves a socket handler, whichever client (Google.Apis, the Azure SDK) made it, and Npgsql's
/// sees each command or batch it sends to PostgreSQL (one round trip each) and each physical connection it opens.
/// Nothing here trusts a counter of our own code.
/// </summary>
internal sealed class CallTally : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _ticks = new(StringComparer.Ordinal);
    private ConcurrentQueue<(string Layer, DateTime Start, DateTime End)>? _timeline;
    private readonly int _googlePort;
    private readonly int _tablePort;
    private readonly int _queuePort;

    public CallTally(int googlePort, int tablePort, int queuePort)
    {
        _googlePort = googlePort;
        _tablePort = tablePort;
        _queuePort = queuePort;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "System.Net.Http" or "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = Record,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The counts so far; subtract two to get what happened between them.</summary>
    public CallCounts Snapshot() => new(
        new Dictionary<string, long>(_counts, StringComparer.Ordinal), new Dictionary<string, long>(_ticks, StringComparer.Ordinal));

    /// <summary>From now on, every request's layer and time is kept too, until <see cref="StopTimeline"/>.</summary>
    public void StartTimeline() => _timeline = new();

    /// <summary>
    /// The requests of <paramref name="layers"/> since <see cref="StartTimeline"/>, as sequential round trips: requests whose
    /// times overlap count once (they were sent together), so the answer is how many times the caller waited for those layers.
    /// </summary>
    public (int Requests, int RoundTrips) StopTimeline(params string[] layers)
    {
        var requests = (_timeline ?? throw new InvalidOperationException("No timeline was started."))
            .Where(r => layers.Contains(r.Layer)).OrderBy(r => r.Start).ToList();
        _timeline = null;
        var roundTrips = 0;
        var end = DateTime.MinValue;
        foreach (var (_, start, stop) in requests)
        {
            if (start >= end)
            {
                roundTrips++;
            }

            end = stop > end ? stop : end;
        }

        return (requests.Count, roundTrips);
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Activity activity)
    {
        if (activity.Source.Name == "Npgsql")
        {
            // A command or batch carries its SQL; the other activity is a physical connection's open.
            Count(activity.GetTagItem("db.query.text") is null && activity.GetTagItem("db.statement") is null
                ? CallCounts.PostgresOpen
                : CallCounts.PostgresCommand, "postgres", activity);
            return;
        }

        if (activity.GetTagItem("url.full") is not string url || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return;
        }

        var method = activity.GetTagItem("http.request.method") as string ?? "GET";
        var key = Classify(uri, method);
        if (key is not null)
        {
            Count(key, key[..key.IndexOf(':', StringComparison.Ordinal)], activity);
        }
    }

    private void Count(string key, string layer, Activity activity)
    {
        _counts.AddOrUpdate(key, 1, (_, n) => n + 1);
        _ticks.AddOrUpdate(layer, activity.Duration.Ticks, (_, n) => n + activity.Duration.Ticks);
        _timeline?.Enqueue((layer, activity.StartTimeUtc, activity.StartTimeUtc + activity.Duration));
    }

    private string? Classify(Uri uri, string method)
    {
        if (uri.Port == _googlePort)
        {
            var path = uri.AbsolutePath;
            if (path.StartsWith("/emulator/", StringComparison.Ordinal))
            {
                return null;
            }

            return path switch
            {
                _ when path.StartsWith("/batch/", StringComparison.Ordinal) => CallCounts.GoogleBatch,
                _ when path is "/token" or "/revoke" => CallCounts.GoogleOAuth,
                _ when path.EndsWith("/events", StringComparison.Ordinal) && method == "GET" => CallCounts.GoogleList,
                _ when method == "GET" => CallCounts.GoogleGet,
                _ => CallCounts.GoogleWrite,
            };
        }

        if (uri.Port == _tablePort)
        {
            // Path: /{account}/{Table}(PartitionKey='…',RowKey='…'), /{account}/{Table}(), /{account}/Tables, /{account}/$batch.
            var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var resource = segments.Length > 1 ? segments[1] : "?";
            var table = resource.Split('(')[0];
            var kind = method is "GET" or "HEAD" ? "read" : "write";
            return $"{CallCounts.TablePrefix}{kind}:{table}";
        }

        if (uri.Port == _queuePort)
        {
            return CallCounts.QueuePrefix + method;
        }

        return null;
    }
}
