using System.Globalization;
using System.Text.Json;
using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Runs;

/// <summary>
/// A queue message asking for one staff member's sync. On the wire:
/// <c>{"version":1,"staffId":"s-1","reason":"schedule","requestedAt":"2026-11-24T15:00:00+00:00"}</c>.
/// Reading is strict: a message that is not exactly this shape is refused, never guessed at. The sweep queues pages of
/// staff members instead (<see cref="SyncRequestPage"/>, version 2); pushes, "sync now" and connects queue these.
/// </summary>
public sealed record SyncRequest
{
    /// <summary>The message format written today; a reader refuses versions it does not know, so a newer writer cannot be misread.</summary>
    public const int CurrentVersion = 1;

    public SyncRequest(string staffId, SyncReason reason, DateTimeOffset requestedAt)
    {
        StaffId = ItemId.Validate(staffId, "staff");
        Reason = Enum.IsDefined(reason) ? reason : throw new DomainValidationException($"Unknown sync reason {(int)reason}.");
        RequestedAt = requestedAt;
    }

    public string StaffId { get; }

    public SyncReason Reason { get; }

    public DateTimeOffset RequestedAt { get; }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", CurrentVersion);
            writer.WriteString("staffId", StaffId);
            writer.WriteString("reason", ReasonName(Reason));
            writer.WriteString("requestedAt", RequestedAt.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// Reads one staff member's request (version 1); <see cref="MalformedSyncRequestException"/> says what is wrong with
    /// anything else. The queue's messages are read with <see cref="SyncRequestPage.Parse"/>, which takes pages too.
    /// </summary>
    public static SyncRequest Parse(string? message)
    {
        var page = SyncRequestPage.Parse(message);
        return page.IsSingleRequest
            ? page.Requests[0]
            : throw new MalformedSyncRequestException(
                $"The sync request is a page of {page.Requests.Count} staff members (version {page.Version}), not one staff member's request.");
    }

    internal static string ReasonName(SyncReason reason) => reason switch
    {
        SyncReason.Schedule => "schedule",
        SyncReason.Manual => "manual",
        SyncReason.Push => "push",
        _ => "connect",
    };
}
