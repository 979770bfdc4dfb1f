using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CalendarSync.Core.Connections;
using CalendarSync.Testing;

namespace CalendarSync.Functions.Tests.Security;

/// <summary>
/// Security properties read from what ships: the auth level the host gives each HTTP function (functions.metadata)
/// against the README's HTTP API table; the table filters and keys the Azure adapters build; the OAuth state's
/// signature check; and the state keys' rotation through configuration.
/// </summary>
public sealed partial class SecurityChecksTests(AzuriteFixture azurite, EmulatorFixture emulator)
{
    /// <summary>
    /// The only functions anyone may call without a key; each checks what it is sent itself (the operator pages through
    /// OperatorSignIn: Easy Auth's principal in Azure, the key then a signed cookie served locally).
    /// </summary>
    private static readonly string[] Anonymous =
        ["ConnectPage", "Notifications", "OAuthCallback", "OperatorAction", "OperatorHome", "OperatorStaff", "StartConsent"];

    // Key arguments the Azure adapters may pass: built by TableKeys (ids validated by Core's id rule), by the secret
    // name (an injective, safe form of a staff id), from a time (the sync log's inverted start), or constants and rows
    // read back. Anything new must be vetted here.
    private static readonly string[] VettedKeyBuilders =
    [
        "TableKeys.", "RefreshTokenSecretName.For(", "StaffPartition(", "ItemEntities.", "RowKey(", "Inverted(",
    ];

    private static readonly HashSet<string> VettedKeyNames = new(StringComparer.Ordinal)
    {
        "Partition", "LeaseRow", "PushRow", "StateRow", "GuardRow", "RowKey", "string.Empty", "partition", "row",
        "ItemPrefix + key", "ItemPrefix + status.Key", "before.ChannelId", "tombstone.PartitionKey",
    };

    [Fact]
    public void HttpFunctions_AuthLevel_IsTheOneTheReadmeGives()
    {
        var readme = ReadmeAuthLevels();
        var functions = HttpTriggers().ToList();

        Assert.Equal(30, functions.Count);
        Assert.All(functions, f =>
        {
            var documented = readme.Where(r => r.Methods.Contains(f.Method) && r.Route == f.Route).Select(r => r.AuthLevel).ToList();
            Assert.True(documented.Count == 1, $"The README's HTTP API table has {documented.Count} rows for {f.Method} {f.Route} ({f.Name}).");
            Assert.Equal(documented[0], f.AuthLevel);
        });
        Assert.Equal(Anonymous, functions.Where(f => f.AuthLevel == "Anonymous").Select(f => f.Name).Order().ToArray());
    }

    [Fact]
    public void AzureAdapters_TableFilters_AreBuiltOnlyByCreateQueryFilter()
    {
        var offenders = new List<string>();
        foreach (var (file, text) in AzureSources())
        {
            // An OData comparison in a string that is interpolated or concatenated, outside TableClient.CreateQueryFilter.
            foreach (Match literal in ODataLiteral().Matches(text))
            {
                var before = text[Math.Max(0, literal.Index - 80)..literal.Index];
                if (!before.Contains("CreateQueryFilter(", StringComparison.Ordinal))
                {
                    offenders.Add($"{file}: {literal.Value}");
                }
            }

            offenders.AddRange(RawFilter().Matches(text).Select(m => $"{file}: {m.Value}"));
        }

        Assert.Empty(offenders);
    }

    [Fact]
    public void AzureAdapters_TableKeys_ComeOnlyFromVettedBuilders()
    {
        var keys = new List<string>();
        var offenders = new List<string>();
        foreach (var (file, text) in AzureSources())
        {
            foreach (Match call in KeyedCall().Matches(text))
            {
                var arguments = TopLevelArguments(text, call.Index + call.Length);
                var keyArguments = call.Groups["call"].Value.StartsWith("UpdateEntityAsync", StringComparison.Ordinal)
                    || (call.Groups["call"].Value.StartsWith("DeleteEntityAsync", StringComparison.Ordinal) && arguments.Count > 0 && arguments[0] == "entity")
                    ? []
                    : arguments.Take(2);
                foreach (var key in keyArguments)
                {
                    keys.Add(key);
                    if (!VettedKeyNames.Contains(key) && !VettedKeyBuilders.Any(b => key.StartsWith(b, StringComparison.Ordinal)))
                    {
                        offenders.Add($"{file}: {call.Groups["call"].Value}({key}, …)");
                    }
                }
            }
        }

        Assert.True(keys.Count > 20, $"Only {keys.Count} key arguments found: the scan no longer sees the calls.");
        Assert.Empty(offenders);
    }

    [Fact]
    public void OAuthStateSigner_ComparesSignaturesInConstantTime()
    {
        var signer = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "src", "CalendarSync.Core", "Connections", "OAuthStateSigner.cs"));
        var verify = signer[signer.IndexOf("public (string StaffId, string Nonce) Verify(", StringComparison.Ordinal)..];
        verify = verify[..verify.IndexOf("public static string NewNonce", StringComparison.Ordinal)];

        Assert.Contains("CryptographicOperations.FixedTimeEquals(", verify, StringComparison.Ordinal);
        Assert.DoesNotMatch(EarlyExitComparison(), verify);
    }

    [Fact]
    public async Task OAuthStateKeys_RotatedByConfiguration_OldKeyVerifiesWhileListedSecondThenNot()
    {
        const string OldKey = "old-state-signing-key-0123456789abcdef";
        const string NewKey = "new-state-signing-key-0123456789abcdef";
        var expires = DateTimeOffset.UtcNow.AddMinutes(5);
        var nonce = OAuthStateSigner.NewNonce();
        string signedBefore;
        using (var before = App(OldKey))
        {
            signedBefore = before.Service<OAuthStateSigner>().Sign("s-rotate", nonce, expires);
        }

        using var during = App(NewKey + ";" + OldKey);
        using var after = App(NewKey);
        var signedDuring = during.Service<OAuthStateSigner>().Sign("s-rotate", nonce, expires);

        Assert.Equal(("s-rotate", nonce), during.Service<OAuthStateSigner>().Verify(signedBefore, DateTimeOffset.UtcNow));
        Assert.Equal(("s-rotate", nonce), after.Service<OAuthStateSigner>().Verify(signedDuring, DateTimeOffset.UtcNow));
        Assert.Throws<OAuthStateRejectedException>(() => after.Service<OAuthStateSigner>().Verify(signedBefore, DateTimeOffset.UtcNow));
        Assert.NotEqual(signedBefore, signedDuring);
    }

    private FunctionApp App(string keys) =>
        new(azurite, emulator, options: new FunctionAppOptions { Settings = new Dictionary<string, string?> { ["OAuthState__SigningKeys"] = keys } });

    private static IEnumerable<(string File, string Text)> AzureSources() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "src", "CalendarSync.Azure"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f)));

    /// <summary>The arguments of the call whose '(' ends just before <paramref name="start"/>, split at top-level commas.</summary>
    private static List<string> TopLevelArguments(string text, int start)
    {
        var arguments = new List<string>();
        var depth = 0;
        var current = new System.Text.StringBuilder();
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (depth == 0 && c is ',' or ')')
            {
                arguments.Add(current.ToString().Trim());
                current.Clear();
                if (c == ')')
                {
                    break;
                }

                continue;
            }

            depth += c is '(' or '[' or '{' ? 1 : c is ')' or ']' or '}' ? -1 : 0;
            current.Append(c);
        }

        return arguments;
    }

    /// <summary>The README's HTTP API table: per row, its methods, its route (as the host's, under api/) and its auth level.</summary>
    private static List<(string[] Methods, string Route, string AuthLevel)> ReadmeAuthLevels()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var table = readme[readme.IndexOf("## HTTP API", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n\n", table.IndexOf("| route", StringComparison.Ordinal), StringComparison.Ordinal)];
        return
        [
            .. ReadmeRow().Matches(table).Select(m =>
            {
                var cell = m.Groups["cell"].Value.Replace("`", "", StringComparison.Ordinal).Trim();
                var split = cell.IndexOf(" /api/", StringComparison.Ordinal);
                var methods = cell[..split].Split(',', StringSplitOptions.TrimEntries).Select(x => x.ToLowerInvariant()).ToArray();
                var route = cell[(split + 1)..].Split('?', '[')[0].TrimStart('/');
                return (methods, route, m.Groups["auth"].Value == "anonymous" ? "Anonymous" : "Function");
            }),
        ];
    }

    private static IEnumerable<(string Name, string Method, string Route, string AuthLevel)> HttpTriggers()
    {
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")))!.AsArray();
        foreach (var function in metadata)
        {
            var trigger = function!["bindings"]!.AsArray().SingleOrDefault(b => (string?)b!["type"] == "httpTrigger");
            if (trigger is not null)
            {
                yield return ((string)function["name"]!, (string)trigger["methods"]![0]!, "api/" + (string)trigger["route"]!, (string)trigger["authLevel"]!);
            }
        }
    }

    [GeneratedRegex(@"\$@?""[^""\n]*\{[^}]+\}[^""\n]*\b(eq|ne|gt|ge|lt|le)\b[^""\n]*""|""[^""\n]*\b(eq|ne|gt|ge|lt|le) '?""\s*\+", RegexOptions.CultureInvariant)]
    private static partial Regex ODataLiteral();

    [GeneratedRegex(@"(Filter\s*=|filter:)\s*\$""", RegexOptions.CultureInvariant)]
    private static partial Regex RawFilter();

    [GeneratedRegex(@"(?<call>new TableEntity|GetEntityIfExistsAsync<TableEntity>|DeleteEntityAsync|UpdateEntityAsync)\(", RegexOptions.CultureInvariant)]
    private static partial Regex KeyedCall();

    [GeneratedRegex(@"SequenceEqual|given\s*==|==\s*given|\.Equals\(given|string\.Equals\(", RegexOptions.CultureInvariant)]
    private static partial Regex EarlyExitComparison();

    [GeneratedRegex(@"^\| (?<cell>[^|]+?) \| (?<auth>function key|anonymous) \|", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ReadmeRow();
}
