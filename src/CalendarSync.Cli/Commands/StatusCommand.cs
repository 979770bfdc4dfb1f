using System.CommandLine;
using System.Globalization;
using CalendarSync.Cli.Hosting;
using CalendarSync.Core.Connections;
using Spectre.Console;

namespace CalendarSync.Cli.Commands;

/// <summary><c>calsync status</c>: every connection's state, as <c>GET /api/calendar/sync-status</c> shows it; never a token.</summary>
internal static class StatusCommand
{
    private const int PageSize = 500;

    public static Command Create()
    {
        var json = CliOptions.Json();
        var command = new Command("status", "Every connection: its calendar, status, last sync and outcome, and push channel.") { json };
        command.SetAction((parse, cancellationToken) => CliInvocation.RunAsync(parse, async (cli, token) =>
        {
            var connections = cli.Get<IConnectionStore>();
            var rows = new List<StatusRow>();
            string? continuation = null;
            do
            {
                var page = await connections.ListAllAsync(continuation, PageSize, token);
                rows.AddRange(page.Items.Select(StatusRow.From));
                continuation = page.Continuation;
            }
            while (continuation is not null);

            if (parse.GetValue(json))
            {
                await CliJson.WriteAsync(cli.Output, rows);
                return CliInvocation.Succeeded;
            }

            var table = new Table().Title("Connections")
                .AddColumns("staff", "calendar", "status", "time zone", "last sync", "outcome", "writes", "push until", "message");
            foreach (var row in rows)
            {
                table.AddRow(
                    Markup.Escape(row.StaffId), Markup.Escape(row.CalendarId), row.Status, Markup.Escape(row.TimeZone), Time(row.LastSyncAt),
                    row.LastOutcome ?? "", row.LastRunWrites.ToString(CultureInfo.InvariantCulture), Time(row.PushChannelExpires),
                    Markup.Escape(string.Join(" ", new[] { row.ReconnectAwaited, row.LastMessage }.OfType<string>())));
            }

            if (rows.Count == 0)
            {
                table.Caption("No connections yet: calsync connect <staffId>.");
            }

            cli.Ansi.Write(table);
            return CliInvocation.Succeeded;
        }, cancellationToken));
        return command;
    }

    private static string Time(DateTimeOffset? value) => value?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";

    private sealed record StatusRow(
        string StaffId, string CalendarId, string Status, string Direction, string TimeZone, DateTimeOffset ConnectedAt,
        DateTimeOffset? LastSyncAt, string? LastOutcome, int LastRunWrites, string? LastMessage, DateTimeOffset? PushChannelExpires,
        string WriteCalendarId, string? ReconnectAwaited)
    {
        public static StatusRow From(ConnectionRecord c) => new(
            c.StaffId, c.Connection.CalendarId, c.Connection.Status.ToString(), c.Connection.Direction.ToString(), c.TimeZoneId,
            c.ConnectedAt, c.Connection.LastSyncAt?.ToUniversalTime(), c.Connection.LastOutcome?.ToString(), c.LastRunWrites, c.LastMessage,
            c.Channel?.Expiration.ToUniversalTime(), c.Connection.WriteCalendar, CalendarChoice.AwaitedReconnect(c.Connection));
    }
}
