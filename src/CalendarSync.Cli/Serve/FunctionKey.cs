using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CalendarSync.Cli.Serve;

/// <summary>
/// The key that function- and admin-level functions require, as Azure takes it: the <c>x-functions-key</c> header or the
/// <c>code</c> query parameter. From the setting <c>Serve__FunctionKey</c>, or random for this run and printed at start.
/// </summary>
internal sealed class FunctionKey
{
    public const string Setting = "Serve:FunctionKey";
    public const string Header = "x-functions-key";
    public const string QueryParameter = "code";

    private readonly byte[] _key;

    public FunctionKey(string? configured)
    {
        Generated = string.IsNullOrEmpty(configured);
        Value = Generated ? Base64Url(RandomNumberGenerator.GetBytes(32)) : configured!;
        _key = Encoding.UTF8.GetBytes(Value);
    }

    public string Value { get; }

    /// <summary>No key was configured; this one lives as long as the process.</summary>
    public bool Generated { get; }

    /// <summary>The request carries the key, in the header or the query, once.</summary>
    public bool IsIn(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var given = request.Headers.TryGetValue(Header, out var header) ? header : request.Query[QueryParameter];
        return given.Count == 1 && given[0] is { } text
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(text), _key);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
