using System.Globalization;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;

namespace CalendarSync.Bench.Infrastructure;

/// <summary>What the scenarios fill the two sides with: appointments in the appointment data, a staff member's own events in Google.</summary>
internal static class Seed
{
    private static readonly DateTimeOffset Today = new(DateTime.UtcNow.Date, TimeSpan.Zero);

    /// <summary>The <paramref name="index"/>th appointment: one an hour through the working day, days on within the synced window.</summary>
    public static Appointment Appointment(string staffId, int index, int shiftMinutes = 0)
    {
        var start = Today.AddDays(1 + (index / 8) % 360).AddHours(8 + (index % 8)).AddMinutes(shiftMinutes);
        return new Appointment(
            "a" + index.ToString("D6", CultureInfo.InvariantCulture), staffId, Period.Timed(start, start.AddMinutes(45)),
            "Customer " + index.ToString(CultureInfo.InvariantCulture), "Haircut");
    }

    /// <summary>
    /// Saves appointments for one staff member, two writers at a time: every save moves the staff member's change-feed
    /// counter, so more writers to one partition would only retry each other's races.
    /// </summary>
    public static async Task AppointmentsAsync(BenchEnvironment env, string staffId, int count, int concurrency = 2)
    {
        var store = env.Get<IAppointmentStore>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (i, ct) => await store.SaveAsync(Appointment(staffId, i), ct));
    }

    /// <summary>The <paramref name="index"/>th of a staff member's own events (a lunch, a dentist visit): opaque, so it blocks time.</summary>
    public static object GoogleEvent(int index)
    {
        var start = Today.AddDays(1 + (index / 4) % 360).AddHours(12 + (index % 4) * 2);
        return new
        {
            summary = "Private " + index.ToString(CultureInfo.InvariantCulture),
            start = new { dateTime = start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) },
            end = new { dateTime = start.AddMinutes(30).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) },
        };
    }

    public static IEnumerable<object> GoogleEvents(int count) => Enumerable.Range(0, count).Select(GoogleEvent);
}
