namespace CalendarSync.Core.Domain;

/// <summary>
/// An item of the appointment data that has a version; a deleted item stays as a tombstone so the delete can be synced.
/// Each kind checks its own fields and the <see cref="ItemRules"/> limits in its constructor, so no item breaks them.
/// </summary>
public abstract record LocalItem
{
    protected LocalItem(ItemKind kind, string id, Period period, long version, DateTimeOffset lastModified, bool isDeleted)
    {
        Key = new ItemKey(kind, id);
        Period = period ?? throw new DomainValidationException($"{Key} needs a period.");
        Version = version;
        LastModified = lastModified;
        IsDeleted = isDeleted;
    }

    public ItemKey Key { get; }

    public string Id => Key.Id;

    /// <summary>The staff member whose calendar the item goes to; null for a business closure, which goes to every one.</summary>
    public abstract string? StaffId { get; }

    public Period Period { get; }

    /// <summary>Grows on every change of the item, its deletion included.</summary>
    public long Version
    {
        get;
        private init => field = value >= 0 ? value : throw new DomainValidationException($"{Key}: a version is never negative.");
    }

    public DateTimeOffset LastModified { get; private init; }

    public bool IsDeleted { get; private init; }

    /// <summary>The item as a store keeps it after a change: the version and time the store gives it, deleted or not.</summary>
    public LocalItem Stamped(long version, DateTimeOffset lastModified, bool isDeleted) =>
        this with { Version = version, LastModified = lastModified, IsDeleted = isDeleted };
}
