using System.Globalization;
using System.Text.Json;
using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Runs;

/// <summary>
/// A queue message asking for several staff members' syncs at once (the sweep's, <c>Sync__SweepMessageSize</c> a
/// message), so a sweep of thousands costs a queue operation per page rather than per staff member. On the wire, version 2:
/// <c>{"version":2,"staffIds":["s-1","s-2"],"reason":"schedule","requestedAt":"2026-11-24T15:00:00+00:00"}</c>; a reader
/// that knows only version 1 refuses it as malformed. <see cref="Parse"/> reads both versions, a version 1
/// <see cref="SyncRequest"/> as a page of one, so messages queued before a deploy are still run after it.
/// </summary>
public sealed record SyncRequestPage
{
    /// <summary>The version a page is written in; a single staff member's request stays <see cref="SyncRequest.CurrentVersion"/>.</summary>
    public const int PageVersion = 2;

    /// <summary>Staff members a page names at most: a page runs within one queue function's time limit.</summary>
    public const int MaxStaff = 64;

    /// <summary>Larger messages are refused unread: a page of <see cref="MaxStaff"/> of the longest ids is about 8,600 characters.</summary>
    public const int MaxMessageLength = 16384;

    private static readonly HashSet<string> SingleFields = new(StringComparer.Ordinal) { "version", "staffId", "reason", "requestedAt" };
    private static readonly HashSet<string> PageFields = new(StringComparer.Ordinal) { "version", "staffIds", "reason", "requestedAt" };

    public SyncRequestPage(IEnumerable<string> staffIds, SyncReason reason, DateTimeOffset requestedAt)
        : this(PageVersion, Validate(staffIds), reason, requestedAt)
    {
    }

    private SyncRequestPage(int version, IReadOnlyList<string> staffIds, SyncReason reason, DateTimeOffset requestedAt)
    {
        Version = version;
        Requests = [.. staffIds.Select(id => new SyncRequest(id, reason, requestedAt))];
        Reason = reason;
        RequestedAt = requestedAt;
    }

    /// <summary>
    /// The version the message came in: <see cref="SyncRequest.CurrentVersion"/> is one staff member's request, whose failed
    /// run the queue itself retries; <see cref="PageVersion"/> a page, whose failed members are queued again one by one.
    /// </summary>
    public int Version { get; }

    /// <summary>One request per staff member named, in the message's order.</summary>
    public IReadOnlyList<SyncRequest> Requests { get; }

    public SyncReason Reason { get; }

    public DateTimeOffset RequestedAt { get; }

    public bool IsSingleRequest => Version == SyncRequest.CurrentVersion;

    public string ToJson()
    {
        if (IsSingleRequest)
        {
            return Requests[0].ToJson();
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", PageVersion);
            writer.WriteStartArray("staffIds");
            foreach (var request in Requests)
            {
                writer.WriteStringValue(request.StaffId);
            }

            writer.WriteEndArray();
            writer.WriteString("reason", SyncRequest.ReasonName(Reason));
            writer.WriteString("requestedAt", RequestedAt.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// Reads a message of either version; <see cref="MalformedSyncRequestException"/> says what is wrong with one that is
    /// neither exactly a version 1 request nor exactly a version 2 page.
    /// </summary>
    public static SyncRequestPage Parse(string? message)
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

            var version = VersionOf(root);
            var fields = version == PageVersion ? PageFields : SingleFields;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!fields.Contains(property.Name))
                {
                    throw new MalformedSyncRequestException(
                        $"The sync request (version {version}) has an unknown field '{PlainText.Excerpt(property.Name)}'.");
                }

                if (!seen.Add(property.Name))
                {
                    throw new MalformedSyncRequestException($"The sync request has the field '{property.Name}' twice.");
                }
            }

            IReadOnlyList<string> staffIds = version == PageVersion ? StaffIds(root) : [StaffId(Text(root, "staffId"))];
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

            return new SyncRequestPage(version, staffIds, reason, requestedAt);
        }
    }

    private static int VersionOf(JsonElement root)
    {
        // The first "version" decides which fields may follow; a second one is refused with the other duplicates.
        if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number
            || !version.TryGetInt32(out var number))
        {
            throw new MalformedSyncRequestException("The sync request has no integer 'version'.");
        }

        return number is SyncRequest.CurrentVersion or PageVersion
            ? number
            : throw new MalformedSyncRequestException(
                $"The sync request has version {number}; this reader knows versions {SyncRequest.CurrentVersion} (one staff member) and {PageVersion} (a page).");
    }

    private static List<string> StaffIds(JsonElement root)
    {
        if (!root.TryGetProperty("staffIds", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new MalformedSyncRequestException("The sync request has no array 'staffIds'.");
        }

        var count = list.GetArrayLength();
        if (count is 0 or > MaxStaff)
        {
            throw new MalformedSyncRequestException($"The sync request names {count} staff members; a page names 1 to {MaxStaff}.");
        }

        var staffIds = new List<string>(count);
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.EnumerateArray())
        {
            var staffId = StaffId(item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw new MalformedSyncRequestException($"The sync request's 'staffIds' holds a JSON {item.ValueKind}, not a string."));
            if (!named.Add(staffId))
            {
                // Two runs of one staff member from one message would only wait for each other's lease.
                throw new MalformedSyncRequestException($"The sync request names the staff member '{staffId}' twice.");
            }

            staffIds.Add(staffId);
        }

        return staffIds;
    }

    private static string StaffId(string staffId) => ItemId.IsValid(staffId)
        ? staffId
        : throw new MalformedSyncRequestException($"The sync request's staff id '{PlainText.Excerpt(staffId)}' is not a valid id.");

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new MalformedSyncRequestException($"The sync request has no string '{name}'.");

    private static List<string> Validate(IEnumerable<string> staffIds)
    {
        ArgumentNullException.ThrowIfNull(staffIds);
        var list = staffIds.Select(id => ItemId.Validate(id, "staff")).ToList();
        if (list.Count is 0 or > MaxStaff)
        {
            throw new DomainValidationException($"A page names 1 to {MaxStaff} staff members, not {list.Count}.");
        }

        return list.Distinct(StringComparer.Ordinal).Count() == list.Count
            ? list
            : throw new DomainValidationException("A page names each staff member once.");
    }
}
