using CalendarSync.Core.Calendar;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Data;

/// <summary>
/// The live check at booking time: is a staff member free in a slot, by the stored data and by their Google Calendar as it
/// is now? The stored data answers for appointments, local blocks, exceptions and closures; Google answers for its own
/// events by a listing of the slot, with the sync's pull rule to tell our events (already answered from the stored data)
/// from the staff member's and to name those. A listing, not <c>freebusy.query</c>: the grant a staff member gave
/// (<c>calendar.events</c>) covers the one and not the other, and a free slot costs one call either way.
/// </summary>
public sealed class AvailabilityCheck(IAppointmentStore store, IConnectionStore connections, ICalendarProvider calendars, StaffSyncOptions options)
{
    /// <summary>How long a check waits for Google before it answers that Google cannot be asked.</summary>
    public static readonly TimeSpan GoogleBudget = TimeSpan.FromSeconds(10);

    private readonly TimeZoneInfo _businessZone = StaffTimeZone.Find(options.BusinessTimeZone);

    /// <summary>
    /// Checks [<paramref name="start"/>, <paramref name="end"/>); <paramref name="ignore"/> is the appointment being booked,
    /// which never conflicts with itself. <see cref="BookingGuard.Local"/> asks the stored data only. Throws
    /// <see cref="AvailabilityUnknownException"/> when Google should be asked and cannot be.
    /// </summary>
    public async Task<Availability> CheckAsync(
        string staffId, DateTimeOffset start, DateTimeOffset end, BookingGuard mode, ItemKey? ignore, CancellationToken cancellationToken)
    {
        ItemId.Validate(staffId, "staff");
        if (end <= start)
        {
            throw new DomainValidationException("end", $"The slot must end after it starts ({start:O} to {end:O}).");
        }

        if (end - start > AppointmentDataService.MaxBusyRange)
        {
            throw new DomainValidationException("end", $"The slot may span at most {AppointmentDataService.MaxBusyRange.TotalDays} days.");
        }

        (start, end) = (start.ToUniversalTime(), end.ToUniversalTime());
        var connection = await connections.GetAsync(staffId, cancellationToken);
        var zone = connection is not null && TimeZoneInfo.TryFindSystemTimeZoneById(connection.TimeZoneId, out var own) ? own : _businessZone;
        var google = mode == BookingGuard.Local ? GoogleCheck.NotAsked
            : connection is null || connection.Connection.Status == ConnectionStatus.Disabled ? GoogleCheck.NotConnected
            : GoogleCheck.Checked;

        var conflicts = new List<AvailabilityConflict>();
        foreach (var item in await store.ListBusyAsync(staffId, start, end, cancellationToken))
        {
            // Asked live, Google answers for the events of every calendar read in full: the blocks mirrored from them may
            // be minutes old. Busy time of the calendars read as busy times only is answered by its blocks.
            if (item.IsDeleted || item.Key == ignore || item is Appointment { Status: not AppointmentStatus.Booked } ||
                (google == GoogleCheck.Checked && BlockedSlot.IsGoogleOrigin(item.Key) && !BlockedSlot.IsBusyTime(item.Key)))
            {
                continue;
            }

            var (from, to) = item.Period.ToInstants(item is BusinessClosure ? _businessZone : zone);
            if (from < end && to > start)
            {
                conflicts.Add(Conflict(item, from, to));
            }
        }

        if (google == GoogleCheck.Checked)
        {
            conflicts.AddRange(await GoogleConflictsAsync(connection!, start, end, zone, cancellationToken));
        }

        return new Availability(staffId, start, end, google, conflicts.OrderBy(c => c.Start).ThenBy(c => c.Id, StringComparer.Ordinal).ToList());
    }

    private static AvailabilityConflict Conflict(LocalItem item, DateTimeOffset start, DateTimeOffset end) => item switch
    {
        Appointment => new(ConflictSource.Appointment, item.Id, start, end),
        BlockedSlot { Origin: BlockOrigin.Google, GoogleEventId: { } eventId } => new(ConflictSource.GoogleEvent, eventId, start, end),
        BlockedSlot => new(ConflictSource.LocalBlock, item.Id, start, end),
        AvailabilityException => new(ConflictSource.Exception, item.Id, start, end),
        _ => new(ConflictSource.Closure, item.Id, start, end),
    };

    private async Task<List<AvailabilityConflict>> GoogleConflictsAsync(
        ConnectionRecord connection, DateTimeOffset start, DateTimeOffset end, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(GoogleBudget);
        try
        {
            // Every calendar read in full, at once: the primary, the write calendar and the others chosen.
            var primary = await calendars.OpenAsync(connection.Connection, budget.Token);
            var lists = await Task.WhenAll(connection.Connection.FullyReadCalendars.Select(async id =>
            {
                try
                {
                    return await ListConflictsAsync(primary.OnCalendar(id), start, end, zone, budget.Token);
                }
                catch (CalendarNotFoundException) when (!string.Equals(id, connection.Connection.CalendarId, StringComparison.OrdinalIgnoreCase))
                {
                    // Another calendar deleted, or no longer shared with the staff member: nothing of it blocks them any more
                    // (the next run removes its blocks), and it must not make every guarded booking of theirs unanswerable.
                    return new List<AvailabilityConflict>();
                }
            }));
            return [.. lists.SelectMany(list => list)];
        }
        catch (CalendarException ex)
        {
            throw new AvailabilityUnknownException($"Google could not be asked about staff member '{connection.StaffId}': {ex.Message}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AvailabilityUnknownException(
                $"Google did not answer about staff member '{connection.StaffId}' within {GoogleBudget.TotalSeconds} s.", ex);
        }
    }

    private async Task<List<AvailabilityConflict>> ListConflictsAsync(
        ICalendar calendar, DateTimeOffset start, DateTimeOffset end, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var found = new List<AvailabilityConflict>();
        string? pageToken = null;
        do
        {
            var page = await calendar.ListEventsAsync(
                new EventListRequest { TimeMin = start, TimeMax = end, PageToken = pageToken, SingleEvents = true }, cancellationToken);
            foreach (var calendarEvent in page.Items)
            {
                // The same rule as the sync's pull: what would become a block is what conflicts.
                if (EventIds.OwnKey(calendarEvent) is null && EventRendering.Blocks(calendarEvent, options.InvitationsBlock) &&
                    EventRendering.PeriodOf(calendarEvent)?.ToInstants(zone) is var (from, to) && from < end && to > start)
                {
                    found.Add(new AvailabilityConflict(ConflictSource.GoogleEvent, calendarEvent.Id, from, to));
                }
            }

            pageToken = page.NextPageToken;
        }
        while (pageToken is not null);

        return found;
    }
}
