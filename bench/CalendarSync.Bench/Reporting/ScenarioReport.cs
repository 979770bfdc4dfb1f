using System.Text;

namespace CalendarSync.Bench.Reporting;

/// <summary>One scenario's outcome: a Markdown table (ours beside the baseline), the goal, whether it was met, and notes.</summary>
internal sealed class ScenarioReport(string title, string goal)
{
    private readonly List<string[]> _rows = [];
    private readonly List<string> _notes = [];

    public string Title { get; } = title;

    public string Goal { get; } = goal;

    public string? Verdict { get; private set; }

    public string[] Columns { get; set; } = [];

    public ScenarioReport Row(params string[] cells)
    {
        _rows.Add(cells);
        return this;
    }

    public ScenarioReport Note(string note)
    {
        _notes.Add(note);
        return this;
    }

    public ScenarioReport Judge(bool met, string how)
    {
        Verdict = (met ? "**met**: " : "**missed**: ") + how;
        return this;
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder()
            .Append("## ").AppendLine(Title).AppendLine()
            .Append("Goal: ").AppendLine(Goal).AppendLine();
        if (Verdict is not null)
        {
            text.Append("Result: ").AppendLine(Verdict).AppendLine();
        }

        text.Append("| ").Append(string.Join(" | ", Columns)).AppendLine(" |");
        text.Append('|').Append(string.Concat(Columns.Select((_, i) => i == 0 ? "---|" : "---:|"))).AppendLine();
        foreach (var row in _rows)
        {
            text.Append("| ").Append(string.Join(" | ", row)).AppendLine(" |");
        }

        if (_notes.Count > 0)
        {
            text.AppendLine();
            foreach (var note in _notes)
            {
                text.Append("- ").AppendLine(note);
            }
        }

        return text.AppendLine().ToString();
    }
}
