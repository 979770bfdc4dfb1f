using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CalendarSync.Functions.Http;

/// <summary>
/// A data API body read strictly: one JSON object of known fields, each of the right JSON type. Anything else is a
/// <see cref="DataApiRequestException"/> naming the field, never a guess; what the values may be is Core's to check.
/// </summary>
internal sealed class DataApiBody : IDisposable
{
    /// <summary>Larger bodies are refused unread (413); a real item is well under 4 KB.</summary>
    public const int MaxBytes = 64 * 1024;

    private readonly JsonDocument _document;

    private DataApiBody(JsonDocument document) => _document = document;

    private JsonElement Root => _document.RootElement;

    /// <summary>Reads the body; null when it is larger than <see cref="MaxBytes"/> (the caller answers 413).</summary>
    public static async Task<DataApiBody?> ReadAsync(HttpRequest request, IReadOnlySet<string> fields, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return null;
        }

        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length
            && (read = await request.Body.ReadAsync(buffer.AsMemory(length, buffer.Length - length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > MaxBytes)
        {
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.AsMemory(0, length), new JsonDocumentOptions { MaxDepth = 4 });
        }
        catch (JsonException)
        {
            throw new DataApiRequestException("body", "The body is not valid JSON.");
        }

        var body = new DataApiBody(document);
        try
        {
            body.CheckShape(fields);
            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    public bool Has(string name) => Root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>The field's text; null when it is absent or JSON null. What the text may be is the item's to check (Core).</summary>
    public string? Text(string name)
    {
        if (!Has(name))
        {
            return null;
        }

        var value = Root.GetProperty(name);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new DataApiRequestException(name, $"'{name}' must be a string, not a JSON {value.ValueKind}.");
    }

    public void Dispose() => _document.Dispose();

    private void CheckShape(IReadOnlySet<string> fields)
    {
        if (Root.ValueKind != JsonValueKind.Object)
        {
            throw new DataApiRequestException("body", $"The body must be a JSON object, not a JSON {Root.ValueKind}.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in Root.EnumerateObject())
        {
            if (!fields.Contains(property.Name))
            {
                throw new DataApiRequestException("body", $"Unknown field '{Printable(property.Name)}'; the fields are {string.Join(", ", fields.Order(StringComparer.Ordinal))}.");
            }

            if (!seen.Add(property.Name))
            {
                throw new DataApiRequestException(property.Name, $"'{property.Name}' is given twice.");
            }
        }
    }

    // Field names are echoed in JSON only, but cut and stripped of control characters so they also stay harmless in logs.
    private static string Printable(string value) =>
        new((value.Length > 64 ? value[..64] : value).Select(c => char.IsControl(c) ? '?' : c).ToArray());

}
