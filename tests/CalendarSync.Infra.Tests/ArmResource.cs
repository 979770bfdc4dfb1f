using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CalendarSync.Infra.Tests;

/// <summary>One resource of a compiled template, with the (module) template it sits in for its parameters and variables.</summary>
internal sealed partial record ArmResource(JsonObject Json, JsonObject Template)
{
    public string Type => (string)Json["type"]!;

    public string Name => (string)Json["name"]!;

    public JsonObject Properties => Json["properties"]?.AsObject() ?? [];

    public override string ToString() => $"{Type} {Name}";

    public JsonNode? Variable(string name) => Template["variables"]?[name];

    public JsonObject Parameter(string name) =>
        Template["parameters"]?[name]?.AsObject() ?? throw new InvalidOperationException($"{Type} {Name}: its template has no parameter '{name}'.");

    /// <summary>
    /// The literal values an expression stands for: a literal itself, a variable, or for a copy loop
    /// over <c>variables('x')[copyIndex()]</c> every element of that variable.
    /// </summary>
    public IReadOnlyList<string> Resolve(string expression)
    {
        var loop = LoopVariable().Match(expression);
        if (loop.Success)
        {
            return Variable(loop.Groups["name"].Value)!.AsArray().SelectMany(e => Resolve((string)e!)).ToList();
        }

        var member = VariableMember().Match(expression);
        if (member.Success)
        {
            return [(string)Variable(member.Groups["name"].Value)![member.Groups["member"].Value]!];
        }

        return [expression];
    }

    /// <summary>The names a copy loop creates (the last segment of each), or the one name.</summary>
    public IReadOnlyList<string> Names()
    {
        var loop = LoopVariable().Match(Name);
        if (loop.Success)
        {
            return Variable(loop.Groups["name"].Value)!.AsArray().Select(e => (string)e!).ToList();
        }

        return [Name];
    }

    [GeneratedRegex(@"variables\('(?<name>\w+)'\)\[copyIndex\(\)\]")]
    private static partial Regex LoopVariable();

    [GeneratedRegex(@"^\[?variables\('(?<name>\w+)'\)\.(?<member>\w+)\]?$")]
    private static partial Regex VariableMember();
}
