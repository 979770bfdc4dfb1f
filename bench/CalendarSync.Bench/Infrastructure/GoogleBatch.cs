using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace CalendarSync.Bench.Infrastructure;

/// <summary>Seeds a calendar through Google's batch endpoint: one multipart/mixed request of <c>events.insert</c> parts.</summary>
internal static class GoogleBatch
{
    public static async Task SendAsync(HttpClient http, string accessToken, IReadOnlyCollection<object> events)
    {
        var body = new StringBuilder();
        var n = 0;
        foreach (var ev in events)
        {
            body.Append("--seed\r\nContent-Type: application/http\r\nContent-ID: <e").Append(n++).Append(">\r\n\r\n")
                .Append("POST /calendar/v3/calendars/primary/events\r\nContent-Type: application/json\r\n\r\n")
                .Append(JsonSerializer.Serialize(ev)).Append("\r\n");
        }

        body.Append("--seed--\r\n");
        using var request = new HttpRequestMessage(HttpMethod.Post, "batch/calendar/v3") { Content = new StringContent(body.ToString()) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/mixed; boundary=seed");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var answer = await http.SendAsync(request);
        answer.EnsureSuccessStatusCode();
        var text = await answer.Content.ReadAsStringAsync();
        var ok = text.Split("HTTP/1.1 200").Length - 1;
        if (ok != events.Count)
        {
            throw new InvalidOperationException($"Seeding Google: {events.Count - ok} of {events.Count} inserts failed.");
        }
    }
}
