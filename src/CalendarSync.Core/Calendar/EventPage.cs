namespace CalendarSync.Core.Calendar;

/// <summary>One page of a listing: either a next page token, or (on the last page) the token for the next incremental sync.</summary>
public sealed record EventPage(IReadOnlyList<CalendarEvent> Items, string? NextPageToken, string? NextSyncToken);
