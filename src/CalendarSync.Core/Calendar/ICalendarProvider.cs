using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Calendar;

/// <summary>Opens the calendar of a connection with its stored grant; a revoked grant throws <see cref="CalendarGrantRevokedException"/>.</summary>
public interface ICalendarProvider
{
    Task<ICalendar> OpenAsync(CalendarConnection connection, CancellationToken cancellationToken);
}
