using System.Net;
using CalendarSync.Testing;

namespace CalendarSync.Emulator.Tests.Calendar;

/// <summary>Benchmarks hit one calendar from many callers at once; sync must still see every write exactly once.</summary>
public sealed class ConcurrencyTests(EmulatorFixture emulator)
{
    [Fact]
    public async Task ConcurrentInsertsDuringIncrementalSyncs_EveryEventSyncedOnce()
    {
        using var reader = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var writers = Enumerable.Range(0, 8).Select(_ => new CalendarCaller(emulator.BaseUri, reader.User!.AccessToken)).ToList();
        var syncToken = (await reader.ListAsync()).Text("nextSyncToken");
        var seen = new List<string>();

        var writing = Task.WhenAll(writers.Select((writer, w) => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                var answer = await writer.InsertAsync(CalendarCaller.Timed($"cc{w:D2}{i:D4}", "2026-05-04T10:00:00", "2026-05-04T11:00:00"));
                Assert.Equal(HttpStatusCode.OK, answer.Status);
            }
        })));
        while (!writing.IsCompleted)
        {
            var changes = await reader.ListAsync($"syncToken={syncToken}&maxResults=7");
            seen.AddRange(changes.ItemIds);
            syncToken = changes.Body!["nextSyncToken"]?.GetValue<string>() ?? syncToken;
            if (changes.Body!["nextPageToken"] is { } next)
            {
                do
                {
                    var page = await reader.ListAsync($"syncToken={syncToken}&maxResults=7&pageToken={next}");
                    seen.AddRange(page.ItemIds);
                    next = page.Body!["nextPageToken"];
                    syncToken = page.Body!["nextSyncToken"]?.GetValue<string>() ?? syncToken;
                }
                while (next is not null);
            }
        }

        await writing;
        string? pageToken = null;
        do
        {
            var last = await reader.ListAsync($"syncToken={syncToken}" + (pageToken is null ? string.Empty : $"&pageToken={pageToken}"));
            seen.AddRange(last.ItemIds);
            pageToken = last.Body!["nextPageToken"]?.GetValue<string>();
        }
        while (pageToken is not null);

        writers.ForEach(writer => writer.Dispose());
        Assert.Equal(200, seen.Count);
        Assert.Equal(200, seen.Distinct().Count());
    }
}
