namespace CalendarSync.Core.Data;

/// <summary>A row of the appointment data that cannot be an item: its key as <c>{kind}:{id}</c> and the rule it breaks.</summary>
public sealed record UnreadableItem(string Key, string Problem);
