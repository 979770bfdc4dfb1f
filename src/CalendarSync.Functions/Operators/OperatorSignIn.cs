using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CalendarSync.Core.Connections;
using CalendarSync.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Operators;

/// <summary>
/// Who may see the operator pages (<see cref="OperatorOptions.SignIn"/>) and the cross-site request checks of their
/// forms. The functions are anonymous to the host: in Azure, App Service authentication stands in front and the function
/// key would stop a browser; this class is the gate.
/// <list type="bullet">
/// <item><c>FunctionKey</c>: the key once as <c>?code=</c> (or <c>x-functions-key</c>) sets an HttpOnly, SameSite=Strict
/// cookie signed by the app and sends the browser to the same page without the key in its address.</item>
/// <item><c>EntraId</c>: the <c>X-MS-CLIENT-PRINCIPAL</c> header App Service authentication injects (and strips from what
/// clients send), with a group claim of <see cref="OperatorOptions.AllowedGroupId"/>; without it, to <c>/.auth/login/aad</c>.</item>
/// <item><c>Off</c>: 404.</item>
/// </list>
/// Every POST needs a form token bound to the session, and a browser's <c>Origin</c> and <c>Sec-Fetch-Site</c>, when sent,
/// must be this site's.
/// </summary>
public sealed class OperatorSignIn(
    OperatorOptions options, OAuthStateSigner signer, TimeProvider clock, ILogger<OperatorSignIn> logger, OperatorKey? key = null)
{
    public const string CookieName = "calsync-operator";
    public const string TokenField = "token";
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";

    private const string Operator = "operator";
    private static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);
    private static readonly string[] GroupClaims = ["groups", "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups"];
    private static readonly string[] NameClaims = ["name", "preferred_username", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"];

    /// <summary>The signed-in operator, or the answer that stands instead of the page (404, a redirect, 401 or 403).</summary>
    public (OperatorSession? Session, IActionResult? Refusal) Check(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        switch (options.SignIn)
        {
            case OperatorSignInMode.EntraId:
                return CheckPrincipal(request);
            case OperatorSignInMode.FunctionKey when key is not null:
                return CheckKey(request, key);
            case OperatorSignInMode.FunctionKey:
                logger.LogWarning("The operator pages were asked for, but Operator__SignIn is FunctionKey and this host does not know its function key; set Operator__SignIn=EntraId in Azure");
                return (null, Problems.NotFound("Not found."));
            default:
                return (null, Problems.NotFound("Not found."));
        }
    }

    /// <summary>The token a form of <paramref name="session"/> carries.</summary>
    public string FormToken(OperatorSession session) =>
        signer.Sign(Operator, session.SessionId, clock.GetUtcNow().Add(SessionLifetime), OAuthStatePurpose.OperatorAction);

    /// <summary>Null when the POST is the operator's own, from this site; otherwise the 403 page that refuses it.</summary>
    public IActionResult? RefuseForgery(HttpRequest request, OperatorSession session, string? token)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(session);
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        var origin = request.Headers.Origin.ToString();
        var own = $"{request.Scheme}://{request.Host}";
        string? why = site.Length > 0 && site is not ("same-origin" or "none") ? $"Sec-Fetch-Site {site}"
            : origin.Length > 0 && !string.Equals(origin, own, StringComparison.OrdinalIgnoreCase) ? "another origin"
            : !TokenMatches(token, session) ? "no valid form token"
            : null;
        if (why is null)
        {
            return null;
        }

        logger.LogWarning("An operator action was refused as a cross-site request: {Reason}", why);
        return Pages.Message(HttpStatusCode.Forbidden, "Action refused",
            "This action did not come from a page of this operator view, or the page is too old. Open the operator page again and retry.");
    }

    private bool TokenMatches(string? token, OperatorSession session)
    {
        try
        {
            return signer.Verify(token, clock.GetUtcNow(), OAuthStatePurpose.OperatorAction).Nonce == session.SessionId;
        }
        catch (OAuthStateRejectedException)
        {
            return false;
        }
    }

    private (OperatorSession?, IActionResult?) CheckKey(HttpRequest request, OperatorKey known)
    {
        var given = request.Headers.TryGetValue("x-functions-key", out var header) ? header : request.Query["code"];
        if (given.Count == 1
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given[0] ?? ""), Encoding.UTF8.GetBytes(known.Value)))
        {
            var nonce = OAuthStateSigner.NewNonce();
            var expires = clock.GetUtcNow().Add(SessionLifetime);
            var cookie = $"{CookieName}={signer.Sign(Operator, nonce, expires, OAuthStatePurpose.OperatorSession)}; Path=/api/operator; " +
                $"Max-Age={(int)SessionLifetime.TotalSeconds}; HttpOnly; SameSite=Strict" + (request.IsHttps ? "; Secure" : "");
            if (request.Method == HttpMethods.Get && request.Query.ContainsKey("code"))
            {
                // The key leaves the address bar and the history: the same page again, with the cookie.
                var query = QueryString.Create(request.Query.Where(q => q.Key != "code"));
                return (null, new PageResult { StatusCode = StatusCodes.Status303SeeOther, Cookies = [cookie], Location = $"{request.PathBase}{request.Path}{query}" });
            }

            return (new OperatorSession(Operator, nonce), null);
        }

        try
        {
            var (_, session) = signer.Verify(request.Cookies[CookieName], clock.GetUtcNow(), OAuthStatePurpose.OperatorSession);
            return (new OperatorSession(Operator, session), null);
        }
        catch (OAuthStateRejectedException)
        {
            return (null, Pages.Message(HttpStatusCode.Unauthorized, "Sign in",
                "Open this page once with the function key as ?code=… in its address; the browser then stays signed in for eight hours."));
        }
    }

    private (OperatorSession?, IActionResult?) CheckPrincipal(HttpRequest request)
    {
        var header = request.Headers[PrincipalHeader];
        if (header.Count != 1 || string.IsNullOrEmpty(header[0]))
        {
            var back = Uri.EscapeDataString($"{request.PathBase}{request.Path}");
            return (null, new RedirectResult($"/.auth/login/aad?post_login_redirect_uri={back}", permanent: false));
        }

        List<(string Type, string Value)> claims;
        try
        {
            using var principal = JsonDocument.Parse(Convert.FromBase64String(header[0]!));
            claims = [.. principal.RootElement.GetProperty("claims").EnumerateArray()
                .Select(c => (c.GetProperty("typ").GetString() ?? "", c.GetProperty("val").GetString() ?? ""))];
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            logger.LogWarning("The operator pages got an {Header} header that is not App Service's", PrincipalHeader);
            return (null, Pages.Message(HttpStatusCode.Unauthorized, "Sign in", "Your sign-in could not be read. Sign in again."));
        }

        var name = claims.FirstOrDefault(c => NameClaims.Contains(c.Type, StringComparer.OrdinalIgnoreCase)).Value ?? "operator";
        if (string.IsNullOrEmpty(options.AllowedGroupId)
            || !claims.Any(c => GroupClaims.Contains(c.Type, StringComparer.OrdinalIgnoreCase) && string.Equals(c.Value, options.AllowedGroupId, StringComparison.OrdinalIgnoreCase)))
        {
            logger.LogWarning("A signed-in user outside the operators' group asked for the operator pages");
            return (null, Pages.Message(HttpStatusCode.Forbidden, "Not an operator",
                "You are signed in, but not as a member of the group allowed to operate CalendarSync. Ask an administrator to add you."));
        }

        // The session of a principal is their name's hash: their forms' tokens stay theirs.
        var session = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..22].Replace('+', '-').Replace('/', '_');
        return (new OperatorSession(name, session), null);
    }
}
