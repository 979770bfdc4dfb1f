namespace CalendarSync.Core.Domain;

/// <summary>A local item's identity across both sides: <c>{kind}:{id}</c>, for example <c>appointment:a-17</c>.</summary>
public readonly record struct ItemKey
{
    public ItemKey(ItemKind kind, string id)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new DomainValidationException($"Unknown item kind {(int)kind}.");
        }

        Kind = kind;
        Id = ItemId.Validate(id, KindName(kind));
    }

    public ItemKind Kind { get; }

    public string Id { get; }

    public override string ToString() => $"{KindName(Kind)}:{Id}";

    public static ItemKey Parse(string value) =>
        TryParse(value, out var key) ? key : throw new DomainValidationException($"'{value}' is not an item key.");

    public static bool TryParse(string? value, out ItemKey key)
    {
        key = default;
        var colon = value?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon < 0)
        {
            return false;
        }

        ItemKind? kind = value![..colon] switch
        {
            "appointment" => ItemKind.Appointment,
            "block" => ItemKind.Block,
            "exception" => ItemKind.Exception,
            "closure" => ItemKind.Closure,
            _ => null,
        };
        var id = value[(colon + 1)..];
        if (kind is null || !ItemId.IsValid(id))
        {
            return false;
        }

        key = new ItemKey(kind.Value, id);
        return true;
    }

    private static string KindName(ItemKind kind) => kind switch
    {
        ItemKind.Appointment => "appointment",
        ItemKind.Block => "block",
        ItemKind.Exception => "exception",
        _ => "closure",
    };
}
