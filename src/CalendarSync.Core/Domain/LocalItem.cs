namespace CalendarSync.Core.Domain;

/// <summary>An item of the appointment data that has a version; a deleted item stays as a tombstone so the delete can be synced.</summary>
public abstract record LocalItem
{
    protected LocalItem(ItemKind kind, string id, Period period, long version, DateTimeOffset lastModified, bool isDeleted)
    {
        Key = new ItemKey(kind, id);
        Period = period ?? throw new DomainValidationException($"{Key} needs a period.");
        Version = version >= 0 ? version : throw new DomainValidationException($"{Key}: a version is never negative.");
        LastModified = lastModified;
        IsDeleted = isDeleted;
    }

    public ItemKey Key { get; }

    public string Id => Key.Id;

    public Period Period { get; }

    /// <summary>Grows on every change of the item, its deletion included.</summary>
    public long Version { get; }

    public DateTimeOffset LastModified { get; }

    public bool IsDeleted { get; }
}
