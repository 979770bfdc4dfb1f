using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Data;

/// <summary>One page of items in a time range; <see cref="Continuation"/> asks for the next, null on the last.</summary>
public sealed record LocalItemPage(IReadOnlyList<LocalItem> Items, string? Continuation);
