using System.Globalization;
using System.Text.Json;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Sync;

/// <summary>
/// How a local item looks as an event (the business's <see cref="EventOptions"/>: templates, visibility, colour,
/// reminders), and how a Google event reads as time: the one place both directions agree on.
/// </summary>
public sealed class EventRendering
{
    private const int MaxTemplateLength = 1000;

    /// <summary>
    /// A staff member's sync state keeps a few fingerprints while events are re-rendered (StaffSync.Rerender); a
    /// Table Storage text holds 32K characters.
    /// </summary>
    private const int MaxFingerprintLength = 10_000;

    private static readonly JsonSerializerOptions FingerprintJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private const int MaxColorId = 11;
    private const int MaxRerenderPerRun = 500;

    private readonly EventVisibility _visibility;
    private readonly Dictionary<ItemKind, (KindRendering Rules, EventTemplate Summary, EventTemplate Description, string? ColorId, EventReminders Reminders)> _kinds = [];

    /// <summary>The renderer of <paramref name="options"/>; settings with <see cref="Problems"/> throw an <see cref="ArgumentException"/> naming them.</summary>
    public EventRendering(EventOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Problems(options) is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _visibility = options.Visibility;
        RerenderPerRun = options.RerenderPerRun;
        foreach (var kind in KindRendering.All)
        {
            var settings = kind.SettingsIn(options);
            _kinds[kind.Kind] = (
                kind,
                EventTemplate.TryParse(settings.Summary ?? kind.DefaultSummary, [.. kind.Placeholders.Keys], out _)!,
                EventTemplate.TryParse(settings.Description ?? kind.DefaultDescription, [.. kind.Placeholders.Keys], out _)!,
                ColorIdOf(settings),
                settings.Reminders == EventReminderSetting.None ? EventReminders.None : EventReminders.Default);
        }

        Fingerprint = FingerprintOf(options);
    }

    /// <summary>After these settings changed, how many events of one staff member a run rewrites at most.</summary>
    public int RerenderPerRun { get; }

    /// <summary>The privacy defaults: no customer name, no notes, private events.</summary>
    public static EventRendering Default { get; } = new(new EventOptions());

    /// <summary>How events looked before templates existed: what the sync must assume of an event it wrote then.</summary>
    public static EventRendering Legacy { get; } = new(KindRendering.LegacySettings());

    /// <summary>
    /// The settings that decide what an event shows, as one line of text: equal for renderers that render every item
    /// alike, and enough to make the renderer again (<see cref="FromFingerprint"/>).
    /// </summary>
    public string Fingerprint { get; }

    /// <summary>The renderer a <see cref="Fingerprint"/> was taken of; null for text that is none.</summary>
    public static EventRendering? FromFingerprint(string fingerprint)
    {
        try
        {
            if (JsonNode.Parse(fingerprint) is not JsonObject saved
                || !Enum.TryParse<EventVisibility>(saved["visibility"]?.GetValue<string>(), out var visibility))
            {
                return null;
            }

            var options = new EventOptions { Visibility = visibility };
            foreach (var kind in KindRendering.All)
            {
                var settings = kind.SettingsIn(options);
                settings.Summary = saved[kind.Name]?["summary"]?.GetValue<string>();
                settings.Description = saved[kind.Name]?["description"]?.GetValue<string>();
                settings.ColorId = saved[kind.Name]?["colorId"]?.GetValue<string>();
                settings.Reminders = Enum.TryParse<EventReminderSetting>(saved[kind.Name]?["reminders"]?.GetValue<string>(), out var reminders)
                    ? reminders
                    : EventReminderSetting.Default;
            }

            return Problems(options).Count == 0 ? new EventRendering(options) : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The settings that decide what events show, defaults filled in, as one line of JSON.</summary>
    private static string FingerprintOf(EventOptions options)
    {
        var fingerprint = new JsonObject { ["visibility"] = options.Visibility.ToString() };
        foreach (var kind in KindRendering.All)
        {
            var settings = kind.SettingsIn(options);
            fingerprint[kind.Name] = new JsonObject
            {
                ["summary"] = settings.Summary ?? kind.DefaultSummary,
                ["description"] = settings.Description ?? kind.DefaultDescription,
                ["colorId"] = ColorIdOf(settings),
                ["reminders"] = settings.Reminders.ToString(),
            };
        }

        return fingerprint.ToJsonString(FingerprintJson);
    }

    private static string? ColorIdOf(EventKindOptions settings) => string.IsNullOrWhiteSpace(settings.ColorId) ? null : settings.ColorId.Trim();

    /// <summary>What is wrong with the settings, each problem naming its setting as written (<c>Events__Appointment__Summary</c>); empty when nothing is.</summary>
    public static IReadOnlyList<string> Problems(EventOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (!Enum.IsDefined(options.Visibility))
        {
            problems.Add($"Events__Visibility must be {string.Join(" or ", Enum.GetNames<EventVisibility>())}.");
        }

        if (options.RerenderPerRun is < 1 or > MaxRerenderPerRun)
        {
            problems.Add($"Events__RerenderPerRun must be 1 to {MaxRerenderPerRun}: events a run rewrites after these settings change.");
        }

        foreach (var kind in KindRendering.All)
        {
            var settings = kind.SettingsIn(options);
            var prefix = $"Events__{kind.Name}__";
            foreach (var (name, text) in new[] { ("Summary", settings.Summary), ("Description", settings.Description) })
            {
                if (text is null)
                {
                    continue;
                }

                if (text.Length > MaxTemplateLength)
                {
                    problems.Add($"{prefix}{name} has {text.Length} characters; at most {MaxTemplateLength} are allowed.");
                }
                else if (EventTemplate.TryParse(text, [.. kind.Placeholders.Keys], out var problem) is null)
                {
                    problems.Add($"{prefix}{name} {problem}");
                }
            }

            if (!string.IsNullOrWhiteSpace(settings.ColorId)
                && !(int.TryParse(settings.ColorId.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var color) && color is >= 1 and <= MaxColorId))
            {
                problems.Add($"{prefix}ColorId must be one of Google's event colours, 1 to {MaxColorId}, or empty; not '{PlainText.Excerpt(settings.ColorId)}'.");
            }

            if (!Enum.IsDefined(settings.Reminders))
            {
                problems.Add($"{prefix}Reminders must be {string.Join(" or ", Enum.GetNames<EventReminderSetting>())}.");
            }
        }

        if (problems.Count == 0 && FingerprintOf(options).Length > MaxFingerprintLength)
        {
            problems.Add($"The Events__ templates are too long together: at most about {MaxFingerprintLength} characters in all.");
        }

        return problems;
    }

    /// <summary>Whether the item should have an event at all (Google-origin blocks came from an event; they never go back).</summary>
    public static bool BelongsOnCalendar(LocalItem item) =>
        !item.IsDeleted
        && item is not Appointment { Status: AppointmentStatus.Cancelled }
        && item is not BlockedSlot { Origin: BlockOrigin.Google };

    /// <summary>
    /// The item's event. A summary is one line (a value's line breaks become spaces) and never blank: a template that
    /// comes out blank gives the kind's plain name. A description keeps the line breaks of notes and reasons.
    /// </summary>
    public CalendarEvent Render(LocalItem item, TimeZoneInfo staffZone)
    {
        ArgumentNullException.ThrowIfNull(item);
        var (rules, summaryTemplate, descriptionTemplate, colorId, reminders) = _kinds[item.Key.Kind];
        var summary = PlainText.Of(summaryTemplate.Render(name => rules.Placeholders[name].Value(item))) ?? rules.BlankSummary;
        var description = descriptionTemplate.Render(name => rules.Placeholders[name] is { MultiLine: true } multiLine
            ? multiLine.Value(item)
            : PlainText.Of(rules.Placeholders[name].Value(item))).Trim();
        var period = item.Period;
        return new CalendarEvent
        {
            Id = EventIds.For(item.Key),
            Summary = summary,
            Description = description.Length == 0 ? null : description,
            Start = period.IsAllDay ? EventDateTime.ForDate(period.StartDate) : EventDateTime.ForInstant(period.Start, staffZone),
            End = period.IsAllDay ? EventDateTime.ForDate(period.EndDate) : EventDateTime.ForInstant(period.End, staffZone),
            Status = EventStatus.Confirmed,
            Transparency = EventTransparency.Opaque,
            Visibility = _visibility,
            ColorId = colorId,
            Reminders = reminders,
            PrivateProperties = new Dictionary<string, string>
            {
                [EventIds.KeyProperty] = item.Key.ToString(),
                [EventIds.VersionProperty] = item.Version.ToString(CultureInfo.InvariantCulture),
            },
        };
    }

    /// <summary>Whether an event in Google already shows what <paramref name="rendered"/> says (the version marker aside: it is a hint, not content).</summary>
    public static bool Matches(CalendarEvent current, CalendarEvent rendered) =>
        current.Status != EventStatus.Cancelled
        && (current.Summary ?? string.Empty) == (rendered.Summary ?? string.Empty)
        && (current.Description ?? string.Empty) == (rendered.Description ?? string.Empty)
        && current.Start is not null && current.Start.SameTimeAs(rendered.Start)
        && current.End is not null && current.End.SameTimeAs(rendered.End)
        && current.Transparency == rendered.Transparency
        && current.EventType == EventType.Default
        && current.Visibility == rendered.Visibility
        && current.ColorId == rendered.ColorId
        && current.Reminders == rendered.Reminders
        && !current.HasAttendees
        && current.PrivateProperties.GetValueOrDefault(EventIds.KeyProperty) == rendered.PrivateProperties[EventIds.KeyProperty];

    /// <summary>The time an event takes: its dates if all-day, else its instants; null if it has neither.</summary>
    public static Period? PeriodOf(CalendarEvent calendarEvent) =>
        calendarEvent switch
        {
            { Start.Date: { } startDate, End.Date: { } endDate } when endDate > startDate => Period.AllDay(startDate, endDate),
            { Start.DateTime: { } start, End.DateTime: { } end } when end > start => Period.Timed(start, end),
            _ => null,
        };

    /// <summary>A block's summary is a label, at most as long as the data API allows one; Google's may run to megabytes.</summary>
    public const int MaxBlockSummary = 200;

    /// <summary>
    /// The summary a Google-origin block keeps: the event's as <see cref="PlainText"/>, cut to <see cref="MaxBlockSummary"/>
    /// characters. Whoever wrote the event (the sender of an invitation) wrote it, and it is shown to the appointment
    /// system and to operators' terminals.
    /// </summary>
    public static string? BlockSummary(CalendarEvent calendarEvent) => PlainText.Of(calendarEvent.Summary, MaxBlockSummary);

    /// <summary>
    /// DESIGN.md's blocking rule: opaque, not cancelled, not declined by the owner, not a working-location entry; and,
    /// where only accepted invitations block, not an invitation the owner left unanswered or answered "maybe". An
    /// event without the owner among its attendees (their own, or one without guests) is not an invitation.
    /// </summary>
    public static bool Blocks(CalendarEvent calendarEvent, InvitationsBlock invitations = InvitationsBlock.Any) =>
        calendarEvent.Status != EventStatus.Cancelled
        && calendarEvent.Transparency == EventTransparency.Opaque
        && calendarEvent.SelfResponse != AttendeeResponse.Declined
        && (invitations == InvitationsBlock.Any || calendarEvent.SelfResponse is AttendeeResponse.None or AttendeeResponse.Accepted)
        && calendarEvent.EventType != EventType.WorkingLocation
        && PeriodOf(calendarEvent) is not null;
}
