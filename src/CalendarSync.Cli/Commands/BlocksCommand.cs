using System.CommandLine;
using CalendarSync.Cli.Hosting;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using Spectre.Console;

namespace CalendarSync.Cli.Commands;

/// <summary><c>calsync blocks list</c>: a staff member's blocked time, local and imported from Google.</summary>
internal static class BlocksCommand
{
    private const int PageSize = 500;

    public static Command Create()
    {
        var staffId = new Argument<string>("staffId") { Description = "The staff member whose blocked time to list." };
        var json = CliOptions.Json();
        var list = new Command("list", "List blocked time: origin (Local or Google), period, and the Google event it came from.") { staffId, json };
        list.SetAction((parse, cancellationToken) => CliInvocation.RunAsync(parse, async (cli, token) =>
        {
            var id = ItemId.Validate(parse.GetValue(staffId), "staff");
            var blocks = (await ListAsync(cli.Get<AppointmentDataService>(), id, token)).Select(BlockRow.From).ToList();
            if (parse.GetValue(json))
            {
                await CliJson.WriteAsync(cli.Output, blocks);
                return CliInvocation.Succeeded;
            }

            cli.Ansi.Write(Table($"Blocked time of {Markup.Escape(id)}", blocks));
            return CliInvocation.Succeeded;
        }, cancellationToken));
        return new Command("blocks", "Blocked time in the appointment data.") { list };
    }

    public static async Task<IReadOnlyList<BlockedSlot>> ListAsync(AppointmentDataService data, string staffId, CancellationToken cancellationToken)
    {
        var rows = new List<BlockedSlot>();
        string? continuation = null;
        do
        {
            var page = await data.ListBlocksAsync(staffId, continuation, PageSize, cancellationToken);
            rows.AddRange(page.Items.OfType<BlockedSlot>());
            continuation = page.Continuation;
        }
        while (continuation is not null);

        return rows;
    }

    public static Table Table(string title, IEnumerable<BlockRow> blocks)
    {
        var table = new Table().Title(title).AddColumns("block", "origin", "when", "summary", "Google event");
        foreach (var block in blocks.OrderBy(b => b.Period, StringComparer.Ordinal))
        {
            table.AddRow(TerminalText.Cell(block.Id), block.Origin, TerminalText.Cell(block.Period), TerminalText.Cell(block.Summary), TerminalText.Cell(block.GoogleEventId));
        }

        if (table.Rows.Count == 0)
        {
            table.Caption("No blocked time.");
        }

        return table;
    }

    /// <summary>One block as listed.</summary>
    internal sealed record BlockRow(string Id, string Origin, string Period, bool AllDay, string? Summary, string? GoogleEventId)
    {
        public static BlockRow From(BlockedSlot block) =>
            new(block.Id, block.Origin.ToString(), block.Period.ToString(), block.Period.IsAllDay, block.Summary, block.GoogleEventId);
    }
}
