using System.Globalization;
using System.Text.Json;
using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Runs;

/// <summary>
/// A queue message asking for one staff member's sync. On the wire:
/// <c>{"version":1,"staffId":"s-1","reason":"schedule","requestedAt":"2026-11-24T15:00:00+00:00"}</c>.
/// Reading is strict: a message that is not exactly this shape is refused, never guessed at.
/// </summary>
public sealed record SyncRequest
{
    /// <summary>The message format written today; a reader refuses versions it does not know, so a newer writer cannot be misread.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Larger messages are refused unread: a real request is about 150 bytes.</summary>
    public const int MaxMessageLength = 4096;

    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal) { "version", "staffId", "reason", "requestedAt" };

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

    /// <summary>Reads a message; <see cref="MalformedSyncRequestException"/> says what is wrong with one that is not a request.</summary>
    public static SyncRequest Parse(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            throw new MalformedSyncRequestException("The sync request is empty.");
        }

        if (message.Length > MaxMessageLength)
        {
            throw new MalformedSyncRequestException($"The sync request has {message.Length} characters; at most {MaxMessageLength} are read.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message, new JsonDocumentOptions { MaxDepth = 4 });
        }
        catch (JsonException ex)
        {
            throw new MalformedSyncRequestException($"The sync request is not JSON: {ex.Message}", ex);
        }
        catch (ArgumentException ex)
        {
            // Text that is not valid UTF-16 (a lone surrogate) cannot be JSON at all.
            throw new MalformedSyncRequestException("The sync request is not text that JSON can carry (an unpaired surrogate).", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new MalformedSyncRequestException($"The sync request is a JSON {root.ValueKind}, not an object.");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!Fields.Contains(property.Name))
                {
                    throw new MalformedSyncRequestException($"The sync request has an unknown field '{PlainText.Excerpt(property.Name)}'.");
                }

                if (!seen.Add(property.Name))
                {
                    throw new MalformedSyncRequestException($"The sync request has the field '{property.Name}' twice.");
                }
            }

            if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number
                || !version.TryGetInt32(out var number))
            {
                throw new MalformedSyncRequestException("The sync request has no integer 'version'.");
            }

            if (number != CurrentVersion)
            {
                throw new MalformedSyncRequestException($"The sync request has version {number}; this reader knows only version {CurrentVersion}.");
            }

            var staffId = Text(root, "staffId");
            if (!ItemId.IsValid(staffId))
            {
                throw new MalformedSyncRequestException($"The sync request's staff id '{PlainText.Excerpt(staffId)}' is not a valid id.");
            }

            var reasonText = Text(root, "reason");
            SyncReason reason = reasonText switch
            {
                "schedule" => SyncReason.Schedule,
                "manual" => SyncReason.Manual,
                "push" => SyncReason.Push,
                "connect" => SyncReason.Connect,
                _ => throw new MalformedSyncRequestException($"The sync request's reason '{PlainText.Excerpt(reasonText)}' is not one of schedule, manual, push, connect."),
            };

            var requestedText = Text(root, "requestedAt");
            if (!DateTimeOffset.TryParseExact(requestedText, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var requestedAt))
            {
                throw new MalformedSyncRequestException($"The sync request's requestedAt '{PlainText.Excerpt(requestedText)}' is not an ISO 8601 round-trip time.");
            }

            return new SyncRequest(staffId, reason, requestedAt);
        }
    }

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new MalformedSyncRequestException($"The sync request has no string '{name}'.");

    private static string ReasonName(SyncReason reason) => reason switch
    {
        SyncReason.Schedule => "schedule",
        SyncReason.Manual => "manual",
        SyncReason.Push => "push",
        _ => "connect",
    };
}
