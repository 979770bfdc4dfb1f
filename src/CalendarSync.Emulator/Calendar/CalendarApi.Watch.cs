using System.Globalization;
using System.Text.Json.Nodes;
using CalendarSync.Emulator.Google;
using CalendarSync.Emulator.Push;

namespace CalendarSync.Emulator.Calendar;

/// <summary>events.watch and channels.stop.</summary>
public sealed partial class CalendarApi
{
    private ApiResponse Watch(ApiRequest request, CalendarData calendar, string user)
    {
        if (EventInput.ParseBody(request.Body) is not { } body)
        {
            return EventInput.ParseError();
        }

        var id = body["id"]?.GetValue<string>();
        var type = body["type"]?.GetValue<string>();
        if (string.IsNullOrEmpty(id))
        {
            return GoogleError.BadRequest("Required", "required", "id");
        }

        if (type is not ("web_hook" or "webhook"))
        {
            return GoogleError.BadRequest("Invalid value for: type", location: "type");
        }

        if (!Uri.TryCreate(body["address"]?.GetValue<string>(), UriKind.Absolute, out var address) ||
            (address.Scheme != Uri.UriSchemeHttps && address.Scheme != Uri.UriSchemeHttp))
        {
            return GoogleError.BadRequest("WebHook callback must be HTTPS: " + body["address"], "push.webhookUrlNotHttps");
        }

        var now = time.GetUtcNow();
        var expiration = now + accounts.Options.MaxChannelLifetime;
        if (body["expiration"] is JsonValue requested &&
            long.TryParse(requested.ToString(), CultureInfo.InvariantCulture, out var requestedMs) &&
            DateTimeOffset.FromUnixTimeMilliseconds(requestedMs) is var wanted && wanted > now && wanted < expiration)
        {
            expiration = wanted;
        }

        var resourceUri = $"{request.Origin}calendar/v3/calendars/{Uri.EscapeDataString(calendar.Id)}/events?alt=json";
        var channel = new PushChannel(id, calendar.ResourceId, resourceUri, calendar.Id, user, address, body["token"]?.GetValue<string>(), expiration);
        if (!channels.TryOpen(channel))
        {
            return GoogleError.BadRequest($"Channel id {id} not unique", "channelIdNotUnique");
        }

        var answer = new JsonObject
        {
            ["kind"] = "api#channel",
            ["id"] = channel.Id,
            ["resourceId"] = channel.ResourceId,
            ["resourceUri"] = resourceUri,
            ["expiration"] = expiration.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        };
        if (channel.Token is not null)
        {
            answer["token"] = channel.Token;
        }

        return Ok(answer);
    }

    private ApiResponse StopChannel(ApiRequest request, string user)
    {
        if (EventInput.ParseBody(request.Body) is not { } body)
        {
            return EventInput.ParseError();
        }

        // Google needs both: the channel's id and the resource it watches.
        var id = body["id"]?.GetValue<string>();
        var resourceId = body["resourceId"]?.GetValue<string>();
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(resourceId))
        {
            var missing = string.IsNullOrEmpty(id) ? "id" : "resourceId";
            return GoogleError.BadRequest("Required", "required", missing);
        }

        return channels.TryStop(id, resourceId, user)
            ? ApiResponse.NoContent
            : GoogleError.Create(404, "notFound", $"Channel '{id}' not found for project '0'");
    }
}
