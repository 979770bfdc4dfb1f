using CalendarSync.Core.Domain;

namespace CalendarSync.Functions.Http;

/// <summary>How the data API shows a stored item: its fields, its time (instants or whole days), version and last change.</summary>
internal static class DataApiItem
{
    public static Dictionary<string, object?> From(LocalItem item)
    {
        var json = new Dictionary<string, object?>(StringComparer.Ordinal) { ["id"] = item.Id };
        switch (item)
        {
            case Appointment a:
                json["staffId"] = a.StaffId;
                json["customerName"] = a.CustomerName;
                json["title"] = a.Title;
                json["notes"] = a.Notes;
                json["status"] = a.Status == AppointmentStatus.Booked ? "booked" : "cancelled";
                break;
            case BlockedSlot b:
                json["staffId"] = b.StaffId;
                json["origin"] = b.Origin == BlockOrigin.Local ? "local" : "google";
                json["summary"] = b.Summary;
                json["googleEventId"] = b.GoogleEventId;
                break;
            case AvailabilityException e:
                json["staffId"] = e.StaffId;
                json["reason"] = e.Reason;
                break;
            case BusinessClosure c:
                json["name"] = c.Name;
                break;
        }

        if (item.Period.IsAllDay)
        {
            json["startDate"] = item.Period.StartDate;
            json["endDate"] = item.Period.EndDate;
        }
        else
        {
            json["start"] = item.Period.Start;
            json["end"] = item.Period.End;
        }

        json["version"] = item.Version;
        json["lastModified"] = item.LastModified;
        return json;
    }
}
