using System.Text.Json.Nodes;

namespace CalendarSync.Infra.Tests;

/// <summary>A compiled ARM template, with the resources of every nested module deployment flattened out.</summary>
internal sealed class ArmTemplate
{
    public ArmTemplate(JsonObject root)
    {
        Root = root;
        Resources = Flatten(root).ToList();
    }

    public JsonObject Root { get; }

    public IReadOnlyList<ArmResource> Resources { get; }

    public IReadOnlyDictionary<string, JsonNode?> Parameters =>
        Root["parameters"]?.AsObject().ToDictionary(p => p.Key, p => p.Value) ?? [];

    public IReadOnlyList<ArmResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>A module of this template: the <c>Microsoft.Resources/deployments</c> resource of that name.</summary>
    public ArmResource Module(string name)
    {
        var resources = Root["resources"] switch
        {
            JsonArray array => array.Select(r => r!.AsObject()),
            JsonObject symbolic => symbolic.Select(r => r.Value!.AsObject()),
            _ => [],
        };
        var found = resources.Where(r => (string?)r["type"] == "Microsoft.Resources/deployments" && (string?)r["name"] == name).ToList();
        Assert.True(found.Count == 1, $"Expected one module deployment named {name} in the compiled template, found {found.Count}.");
        return new ArmResource(found[0], Root);
    }

    /// <summary>The template of one module of this template, its own resources flattened likewise.</summary>
    public ArmTemplate ModuleTemplate(string name) => new(Module(name).Properties["template"]!.AsObject());

    public ArmResource Single(string type)
    {
        var found = OfType(type);
        Assert.True(found.Count == 1, $"Expected one {type} in the compiled template, found {found.Count}.");
        return found[0];
    }

    private static IEnumerable<ArmResource> Flatten(JsonObject template)
    {
        // Plain templates list resources in an array; languageVersion 2.0 keys them by symbolic name.
        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(r => r!.AsObject()),
            JsonObject symbolic => symbolic.Select(r => r.Value!.AsObject()),
            _ => [],
        };

        // languageVersion 2.0 also lists `existing` references, which deploy nothing.
        foreach (var resource in resources.Where(r => (bool?)r["existing"] != true))
        {
            var armResource = new ArmResource(resource, template);
            if (armResource.Type == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Flatten(nested))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return armResource;
            }
        }
    }
}
