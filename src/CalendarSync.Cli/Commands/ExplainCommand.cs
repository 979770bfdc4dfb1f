using System.CommandLine;
using System.Globalization;
using CalendarSync.Cli.Hosting;
using CalendarSync.Core.Domain;
using CalendarSync.Core.History;
using CalendarSync.Functions.Http;
using Spectre.Console;

namespace CalendarSync.Cli.Commands;

/// <summary><c>calsync explain</c>: what the sync did to one item and why, newest first, as the history endpoint answers it.</summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var staffId = new Argument<string>("staffId") { Description = "The staff member whose item it is (for a closure: whose calendar)." };
        var item = new Argument<string>("item") { Description = "The item as kind:id, for example appointment:a-17 or block:g-<Google event id>." };
        var limit = new Option<int>("--limit")
        {
            Description = $"How many entries to show, newest first (1 to {ItemHistory.MaxEntries}).", DefaultValueFactory = _ => 50,
        };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > ItemHistory.MaxEntries)
            {
                result.AddError($"--limit must be 1 to {ItemHistory.MaxEntries}.");
            }
        });
        var json = CliOptions.Json();
        var command = new Command("explain", "What the sync did to one item and why: events created, restored or removed, blocks imported or removed, items skipped.")
        {
            staffId, item, limit, json,
        };
        command.SetAction((parse, cancellationToken) => CliInvocation.RunAsync(parse, async (cli, token) =>
        {
            var id = ItemId.Validate(parse.GetValue(staffId), "staff");
            if (!ItemKey.TryParse(parse.GetValue(item), out var key))
            {
                await cli.Error.WriteLineAsync("The item is kind:id, the kind one of appointment, block, exception or closure (for example appointment:a-17).");
                return CliInvocation.Failed;
            }

            var entries = await cli.Get<ItemHistory>().ReadAsync(id, key, parse.GetValue(limit), token);
            var view = ItemHistoryView.From(id, key, entries);
            if (parse.GetValue(json))
            {
                await CliJson.WriteAsync(cli.Output, view);
                return CliInvocation.Succeeded;
            }

            var table = new Table().Title($"History of {Markup.Escape(view.Item)} for {Markup.Escape(id)}, newest first").AddColumns("when", "what", "event", "why");
            foreach (var entry in view.Entries)
            {
                table.AddRow(
                    entry.At.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture), entry.Action,
                    Markup.Escape(entry.EventId ?? ""), Markup.Escape(entry.Reason));
            }

            if (view.Entries.Count == 0)
            {
                table.Caption("The sync has done nothing to this item within the history's retention (Sync__ItemHistoryRetentionDays).");
            }

            cli.Ansi.Write(table);
            return CliInvocation.Succeeded;
        }, cancellationToken));
        return command;
    }
}
