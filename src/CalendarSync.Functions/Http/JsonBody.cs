using System.Text.Json;
using CalendarSync.Core.Domain;
using Microsoft.AspNetCore.Http;

namespace CalendarSync.Functions.Http;

/// <summary>
/// A request body read strictly, the one way every function reads JSON: at most a byte limit (counted as read, so a
/// missing or false <c>Content-Length</c> does not lift it; 413 past it), one JSON object, only known fields, each once.
/// Anything else is a <see cref="RequestRefusedException"/> naming the field, never a guess. What the values mean is
/// Core's to check.
/// </summary>
internal sealed class JsonBody : IDisposable
{
    /// <summary>The limit unless a function sets its own; a real item is well under 4 KB.</summary>
    public const int MaxBytes = 64 * 1024;

    private readonly JsonDocument? _document;

    private JsonBody(JsonDocument? document) => _document = document;

    /// <summary>
    /// Reads the body; with <paramref name="emptyAllowed"/>, an empty (or blank) body reads as an object without fields.
    /// </summary>
    public static async Task<JsonBody> ReadAsync(
        HttpRequest request, IReadOnlySet<string> fields, CancellationToken cancellationToken, int maxBytes = MaxBytes, bool emptyAllowed = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tooLarge = new RequestRefusedException("body", $"The body is larger than {maxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
        if (request.ContentLength > maxBytes)
        {
            throw tooLarge;
        }

        var buffer = new byte[maxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length
            && (read = await request.Body.ReadAsync(buffer.AsMemory(length, buffer.Length - length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > maxBytes)
        {
            throw tooLarge;
        }

        if (emptyAllowed && buffer.AsSpan(0, length).Trim(" \t\r\n"u8).IsEmpty)
        {
            return new JsonBody(null);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.AsMemory(0, length), new JsonDocumentOptions { MaxDepth = 4 });
        }
        catch (JsonException)
        {
            throw new RequestRefusedException("body", "The body is not valid JSON.");
        }

        var body = new JsonBody(document);
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

    public bool Has(string name) =>
        _document is not null && _document.RootElement.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>The field's text; null when it is absent or JSON null.</summary>
    public string? Text(string name)
    {
        if (!Has(name))
        {
            return null;
        }

        var value = _document!.RootElement.GetProperty(name);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new RequestRefusedException(name, $"'{name}' must be a string, not a JSON {value.ValueKind}.");
    }

    /// <summary>The field's array of strings; empty when it is absent or JSON null.</summary>
    public IReadOnlyList<string> Texts(string name)
    {
        if (!Has(name))
        {
            return [];
        }

        var value = _document!.RootElement.GetProperty(name);
        return value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String)
            ? [.. value.EnumerateArray().Select(v => v.GetString()!)]
            : throw new RequestRefusedException(name, $"'{name}' must be an array of strings.");
    }

    public void Dispose() => _document?.Dispose();

    private void CheckShape(IReadOnlySet<string> fields)
    {
        var root = _document!.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new RequestRefusedException("body", $"The body must be a JSON object, not a JSON {root.ValueKind}.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!fields.Contains(property.Name))
            {
                throw new RequestRefusedException(
                    "body", $"Unknown field '{PlainText.Excerpt(property.Name)}'; the fields are {string.Join(", ", fields.Order(StringComparer.Ordinal))}.");
            }

            if (!seen.Add(property.Name))
            {
                throw new RequestRefusedException(property.Name, $"'{property.Name}' is given twice.");
            }
        }
    }
}
