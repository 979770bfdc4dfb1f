using CalendarSync.Core.Connections;
using CalendarSync.Functions.Http;
using CalendarSync.Testing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;

namespace CalendarSync.Functions.Tests.Hostile;

/// <summary>
/// Google's redirect back, forged or garbled: each case begins a real consent (so there is a pending one to attack), then
/// calls oauth/callback with a hostile query. The answer must be a plain page saying what went wrong; nothing may be
/// stored, and the pending consent may go only where the state was truly ours (it is single-use by design).
/// </summary>
public sealed class HostileOAuthCallbackTests(HostileWorld world) : IClassFixture<HostileWorld>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>What a case sends, given a live consent (its code and state) and a second one of another staff member.</summary>
    private sealed record Consent(string StaffId, string Code, string State, string OtherCode, string OtherState, OAuthStateSigner Signer);

    /// <summary>A case: the query it sends, the status and words of the page, and whether our state was used up.</summary>
    private sealed record Case(Func<Consent, (string, string?)[]> Query, int Status, string Says, bool Consumes);

    private const string NotValid = "Sign-in link not valid";
    private const string NotConnected = "Calendar not connected";

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["state missing"] = new(c => [("code", c.Code)], 400, NotValid, false),
        ["state empty"] = new(c => [("state", ""), ("code", c.Code)], 400, NotValid, false),
        ["state forged text"] = new(c => [("state", "forged"), ("code", c.Code)], 400, NotValid, false),
        ["state wrong version"] = new(c => [("state", "v2" + c.State[2..]), ("code", c.Code)], 400, NotValid, false),
        ["state part dropped"] = new(c => [("state", c.State[..c.State.LastIndexOf('~')]), ("code", c.Code)], 400, NotValid, false),
        ["state part added"] = new(c => [("state", c.State + "~x"), ("code", c.Code)], 400, NotValid, false),
        ["state signature flipped"] = new(c => [("state", Flip(c.State)), ("code", c.Code)], 400, NotValid, false),
        ["state signature empty"] = new(c => [("state", c.State[..(c.State.LastIndexOf('~') + 1)]), ("code", c.Code)], 400, NotValid, false),
        ["state staff swapped, signature kept"] = new(c => [("state", Part(c.State, 1, "resident")), ("code", c.Code)], 400, NotValid, false),
        ["state expiry extended, signature kept"] = new(c => [("state", Part(c.State, 3, "99999999999")), ("code", c.Code)], 400, NotValid, false),
        ["state nonce replaced, signature kept"] = new(c => [("state", Part(c.State, 2, OAuthStateSigner.NewNonce())), ("code", c.Code)], 400, NotValid, false),
        ["state signed with a key not ours"] = new(c => [("state", Resign(c, new OAuthStateSigner([new string('k', 40)]), TimeSpan.FromMinutes(5))), ("code", c.Code)], 400, NotValid, false),
        ["state expired, signed by us"] = new(c => [("state", Resign(c, c.Signer, TimeSpan.FromMinutes(-1))), ("code", c.Code)], 400, "expired", false),
        ["state of a nonce never issued, signed by us"] = new(c => [("state", c.Signer.Sign(c.StaffId, OAuthStateSigner.NewNonce(), DateTimeOffset.UtcNow.AddMinutes(5))), ("code", c.Code)], 400, "used already", false),
        ["state 10 KB"] = new(c => [("state", c.State + new string('A', 10_240)), ("code", c.Code)], 400, NotValid, false),
        ["state with a nul and newline"] = new(c => [("state", c.State.Insert(3, "\u0000\n")), ("code", c.Code)], 400, NotValid, false),
        ["state html"] = new(c => [("state", "<script>alert(1)</script>"), ("code", c.Code)], 400, NotValid, false),
        ["state odata injection"] = new(c => [("state", "v1~x' or PartitionKey ne '~bm9uY2U~99999999999~c2ln"), ("code", c.Code)], 400, NotValid, false),
        ["state path traversal"] = new(c => [("state", "v1~..%2F..~bm9uY2U~99999999999~c2ln"), ("code", c.Code)], 400, NotValid, false),
        ["state unicode staff"] = new(c => [("state", Part(c.State, 1, "stéphane")), ("code", c.Code)], 400, NotValid, false),
        ["state lowercased"] = new(c => [("state", c.State.ToLowerInvariant()), ("code", c.Code)], 400, NotValid, false),
        ["state with a leading space"] = new(c => [("state", " " + c.State), ("code", c.Code)], 400, NotValid, false),
        ["state repeated"] = new(c => [("state", c.State), ("state", c.State), ("code", c.Code)], 400, NotValid, false),
        ["state of another staff member, swapped"] = new(c => [("state", c.OtherState), ("code", c.Code)], 400, NotConnected, true),
        ["code missing"] = new(c => [("state", c.State)], 400, "no authorization code", true),
        ["code empty"] = new(c => [("state", c.State), ("code", "")], 400, "no authorization code", true),
        ["code blank"] = new(c => [("state", c.State), ("code", "   ")], 400, "no authorization code", true),
        ["code forged"] = new(c => [("state", c.State), ("code", "4/0forged")], 400, NotConnected, true),
        ["code of another staff member, swapped"] = new(c => [("state", c.State), ("code", c.OtherCode)], 400, NotConnected, true),
        ["code repeated"] = new(c => [("state", c.State), ("code", c.Code), ("code", c.Code)], 400, "more than once", false),
        ["code 10 KB"] = new(c => [("state", c.State), ("code", c.Code + new string('A', 10_240))], 400, NotConnected, true),
        ["code with header injection"] = new(c => [("state", c.State), ("code", c.Code + "\r\nX-Injected: 1")], 400, NotConnected, true),
        ["error access_denied"] = new(c => [("state", c.State), ("error", "access_denied")], 200, "not connected", true),
        ["error invalid_scope"] = new(c => [("state", c.State), ("error", "invalid_scope")], 200, "not connected", true),
        ["error html"] = new(c => [("state", c.State), ("error", "<script>alert(1)</script>")], 200, "not connected", true),
        ["error with a code"] = new(c => [("state", c.State), ("error", "access_denied"), ("code", c.Code)], 200, "not connected", true),
        ["error 10 KB"] = new(c => [("state", c.State), ("error", new string('e', 10_240))], 200, "not connected", true),
        ["error forging a log line"] = new(c => [("state", c.State), ("error", "access_denied\nCRITICAL forged line")], 200, "not connected", true),
        ["error repeated"] = new(c => [("state", c.State), ("error", "access_denied"), ("error", "server_error")], 400, "more than once", false),
        ["error without state"] = new(c => [("error", "access_denied")], 400, NotValid, false),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task OAuthCallback_HostileQuery_PlainPageAndNothingStored(string name)
    {
        var hostile = Cases[name];
        var user = await world.Emulator.CreateUserAsync(cancellationToken: Cancel);
        var staffId = "victim-" + Guid.NewGuid().ToString("N")[..8];
        var (code, state) = await world.ConsentAsync(staffId, user.Email);
        var (otherCode, otherState) = await world.ConsentAsync("other-" + Guid.NewGuid().ToString("N")[..8], user.Email);
        var consent = new Consent(staffId, code!, state!, otherCode!, otherState!, world.App.Service<OAuthStateSigner>());
        var query = hostile.Query(consent);
        var before = await world.SnapshotAsync(user.Email);
        var logged = world.Logs.Lines.Count;

        var page = Assert.IsType<PageResult>(await world.App.Function<OAuthFunction>().OAuthCallback(Callback(query)));

        Assert.Equal(hostile.Status, page.StatusCode);
        Assert.Contains(hostile.Says, page.Content, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script>", page.Content, StringComparison.Ordinal);
        var used = hostile.Query(consent).FirstOrDefault(q => q.Item1 == "state").Item2 == otherState ? otherState : state;
        var nonce = used!.Split('~')[2];
        (await world.SnapshotAsync(user.Email)).AssertSameAs(
            before, name, gone: line => hostile.Consumes && line.StartsWith($"table {world.Prefix}PendingAuthorizations:", StringComparison.Ordinal)
                && line.Contains("RowKey=" + nonce + ";", StringComparison.Ordinal));
        Assert.Null(await world.App.Service<IConnectionStore>().GetAsync(staffId, Cancel));
        Assert.All(world.Logs.Lines.Skip(logged).Where(l => l.Category.StartsWith("CalendarSync", StringComparison.Ordinal)), line =>
        {
            // Whatever came in the query, no log line of ours carries a line break or kilobytes of it.
            Assert.DoesNotContain('\n', line.Message + line.Values);
            Assert.True(line.Message.Length + line.Values.Length < 2000, line.ToString());
        });
    }

    [Fact]
    public async Task OAuthCallback_ReplayedAfterConnecting_Is400AndChangesNothing()
    {
        var user = await world.Emulator.CreateUserAsync(cancellationToken: Cancel);
        var staffId = "replayed-" + Guid.NewGuid().ToString("N")[..8];
        var (code, state) = await world.ConsentAsync(staffId, user.Email);
        var first = Assert.IsType<PageResult>(await world.App.Function<OAuthFunction>().OAuthCallback(Callback([("state", state), ("code", code)])));
        var before = await world.SnapshotAsync(user.Email);

        var replay = Assert.IsType<PageResult>(await world.App.Function<OAuthFunction>().OAuthCallback(Callback([("state", state), ("code", code)])));

        Assert.Equal(200, first.StatusCode);
        Assert.Equal(400, replay.StatusCode);
        Assert.Contains("used already", replay.Content, StringComparison.Ordinal);
        (await world.SnapshotAsync(user.Email)).AssertSameAs(before, "replay");
    }

    [Fact]
    public async Task OAuthCallback_CodeAlreadyExchanged_Is400AndStoresNothing()
    {
        var user = await world.Emulator.CreateUserAsync(cancellationToken: Cancel);
        var (usedCode, usedState) = await world.ConsentAsync("first-" + Guid.NewGuid().ToString("N")[..8], user.Email);
        await world.App.Function<OAuthFunction>().OAuthCallback(Callback([("state", usedState), ("code", usedCode)]));
        var staffId = "second-" + Guid.NewGuid().ToString("N")[..8];
        var (_, state) = await world.ConsentAsync(staffId, user.Email);
        var before = await world.SnapshotAsync(user.Email);

        var page = Assert.IsType<PageResult>(await world.App.Function<OAuthFunction>().OAuthCallback(Callback([("state", state), ("code", usedCode)])));

        Assert.Equal(400, page.StatusCode);
        (await world.SnapshotAsync(user.Email)).AssertSameAs(
            before, "code reused", gone: line => line.Contains("RowKey=" + state!.Split('~')[2] + ";", StringComparison.Ordinal));
        Assert.Null(await world.App.Service<IConnectionStore>().GetAsync(staffId, Cancel));
    }

    private static Microsoft.AspNetCore.Http.HttpRequest Callback((string Name, string? Value)[] query)
    {
        var request = FunctionApp.Get("/api/calendar/oauth/callback");
        request.Query = new Microsoft.AspNetCore.Http.QueryCollection(query
            .GroupBy(q => q.Name)
            .ToDictionary(g => g.Key, g => new StringValues(g.Select(q => q.Value).ToArray())));
        return request;
    }

    private static string Flip(string state) => state[..^1] + (state[^1] == 'A' ? 'B' : 'A');

    private static string Part(string state, int index, string value)
    {
        var parts = state.Split('~');
        parts[index] = value;
        return string.Join('~', parts);
    }

    private static string Resign(Consent consent, OAuthStateSigner signer, TimeSpan fromNow) =>
        signer.Sign(consent.StaffId, consent.State.Split('~')[2], DateTimeOffset.UtcNow + fromNow);
}
