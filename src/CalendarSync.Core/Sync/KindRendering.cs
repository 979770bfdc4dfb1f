using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Sync;

/// <summary>
/// One item kind's part in its event, in one place: the settings it reads (<c>Events__{Name}__*</c>), the placeholders
/// its templates may use and the item's text behind each, its default templates (no customer name, no notes), the
/// summary its event shows when a template comes out blank, and how it looked before templates existed.
/// </summary>
internal sealed record KindRendering(
    ItemKind Kind,
    string Name,
    string DefaultSummary,
    string DefaultDescription,
    string BlankSummary,
    IReadOnlyDictionary<string, KindRendering.Placeholder> Placeholders,
    string? LegacySummary = null,
    string? LegacyDescription = null)
{
    /// <summary>What a placeholder stands for; only notes and reasons keep their line breaks, and only in a description.</summary>
    internal sealed record Placeholder(Func<LocalItem, string?> Value, bool MultiLine = false);

    public static IReadOnlyList<KindRendering> All { get; } =
    [
        new(ItemKind.Appointment, "Appointment", "Appointment", "", "Appointment", new Dictionary<string, Placeholder>
        {
            ["customerName"] = Of<Appointment>(a => a.CustomerName),
            ["title"] = Of<Appointment>(a => a.Title),
            ["notes"] = Of<Appointment>(a => a.Notes, multiLine: true),
            ["appointmentId"] = Of<Appointment>(a => a.Id),
            ["status"] = Of<Appointment>(a => a.Status.ToString().ToLowerInvariant()),
        }, LegacySummary: "Appointment: {customerName}", LegacyDescription: "{title}\n\n{notes}"),
        new(ItemKind.Block, "Block", "{summary}", "", "Blocked", new Dictionary<string, Placeholder>
        {
            ["summary"] = Of<BlockedSlot>(b => b.Summary),
        }),
        new(ItemKind.Exception, "Exception", "Unavailable", "{reason}", "Unavailable", new Dictionary<string, Placeholder>
        {
            ["reason"] = Of<AvailabilityException>(e => e.Reason, multiLine: true),
        }),
        new(ItemKind.Closure, "Closure", "Closed: {name}", "", "Closed", new Dictionary<string, Placeholder>
        {
            ["name"] = Of<BusinessClosure>(c => c.Name),
        }),
    ];

    /// <summary>This kind's settings among all of them.</summary>
    public EventKindOptions SettingsIn(EventOptions options) => Kind switch
    {
        ItemKind.Appointment => options.Appointment,
        ItemKind.Block => options.Block,
        ItemKind.Exception => options.Exception,
        _ => options.Closure,
    };

    /// <summary>The settings as events were rendered before they existed.</summary>
    public static EventOptions LegacySettings()
    {
        var options = new EventOptions { Visibility = EventVisibility.Default };
        foreach (var kind in All)
        {
            var settings = kind.SettingsIn(options);
            settings.Summary = kind.LegacySummary ?? kind.DefaultSummary;
            settings.Description = kind.LegacyDescription ?? kind.DefaultDescription;
        }

        return options;
    }

    private static Placeholder Of<TItem>(Func<TItem, string?> value, bool multiLine = false)
        where TItem : LocalItem =>
        new(item => value((TItem)item), multiLine);
}
