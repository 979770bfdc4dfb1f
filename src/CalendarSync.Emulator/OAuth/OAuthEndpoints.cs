using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace CalendarSync.Emulator.OAuth;

/// <summary>Google's OAuth 2.0 endpoints for web server apps: consent (automatic), token exchange and revocation.</summary>
public static class OAuthEndpoints
{
    public static void MapOAuth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/o/oauth2/v2/auth", Authorize);
        app.MapPost("/token", TokenAsync);
        // Google documents POST; older clients (Google.Apis.Auth among them) revoke with GET, which Google still answers.
        app.MapMethods("/revoke", ["GET", "POST"], RevokeAsync);
    }

    private static IResult Authorize(HttpRequest request, AccountStore accounts, TimeProvider time)
    {
        var query = request.Query;
        string clientId = query["client_id"].ToString(), redirectUri = query["redirect_uri"].ToString();
        if (clientId != accounts.Options.ClientId)
        {
            return Results.Text("Error 401: invalid_client. The OAuth client was not found.", statusCode: 401);
        }

        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out _))
        {
            return Results.Text("Error 400: redirect_uri_mismatch. Missing or invalid redirect_uri.", statusCode: 400);
        }

        var state = query["state"].ToString();
        if (query["response_type"] != "code")
        {
            return Results.Redirect(WithQuery(redirectUri, ("error", "unsupported_response_type"), ("state", state)));
        }

        var challengeMethod = query["code_challenge_method"].ToString();
        if (challengeMethod.Length > 0 && challengeMethod is not ("S256" or "plain"))
        {
            return Results.Redirect(WithQuery(redirectUri, ("error", "invalid_request"), ("state", state)));
        }

        // Consent is automatic for a known user, named by login_hint; anyone else "declines".
        if (accounts.FindUser(query["login_hint"].ToString()) is not { } email)
        {
            return Results.Redirect(WithQuery(redirectUri, ("error", "access_denied"), ("state", state)));
        }

        var scope = query["scope"].ToString();
        var code = accounts.IssueCode(new AuthorizationCode(
            email,
            clientId,
            redirectUri,
            scope.Length > 0 ? scope : AccountStore.CalendarScope,
            NullIfEmpty(query["code_challenge"].ToString()),
            challengeMethod.Length > 0 ? challengeMethod : null,
            query["access_type"] == "offline",
            query["prompt"].ToString().Split(' ').Contains("consent"),
            time.GetUtcNow() + accounts.Options.AuthorizationCodeLifetime));
        return Results.Redirect(WithQuery(redirectUri, ("code", code), ("scope", scope), ("state", state)));
    }

    private static async Task<IResult> TokenAsync(HttpRequest request, AccountStore accounts)
    {
        if (!request.HasFormContentType)
        {
            return TokenError(400, "invalid_request", "Required parameter is missing: grant_type");
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        var (clientId, clientSecret) = ClientCredentials(request, form);
        if (clientId != accounts.Options.ClientId || clientSecret != accounts.Options.ClientSecret)
        {
            return TokenError(401, "invalid_client", "Unauthorized");
        }

        switch (form["grant_type"].ToString())
        {
            case "authorization_code":
                if (accounts.RedeemCode(form["code"].ToString()) is not { } code || code.ClientId != clientId)
                {
                    return TokenError(400, "invalid_grant", "Malformed auth code.");
                }

                if (code.RedirectUri != form["redirect_uri"].ToString())
                {
                    return TokenError(400, "redirect_uri_mismatch", "Bad Request");
                }

                if (code.CodeChallenge is not null && !VerifierMatches(code, form["code_verifier"].ToString()))
                {
                    return TokenError(400, "invalid_grant", form["code_verifier"].Count == 0 ? "Missing code verifier." : "Invalid code verifier.");
                }

                var (accessToken, refreshToken, scope) = accounts.Exchange(code);
                return TokenAnswer(accessToken, refreshToken, scope, accounts.Options.AccessTokenLifetime);

            case "refresh_token":
                if (accounts.Refresh(form["refresh_token"].ToString()) is not { } refreshed || refreshed.ClientId != clientId)
                {
                    return TokenError(400, "invalid_grant", "Token has been expired or revoked.");
                }

                return TokenAnswer(refreshed.AccessToken, null, refreshed.Scope, accounts.Options.AccessTokenLifetime);

            case "":
                return TokenError(400, "invalid_request", "Required parameter is missing: grant_type");

            default:
                return TokenError(400, "unsupported_grant_type", "Invalid grant_type: " + form["grant_type"]);
        }
    }

    private static async Task<IResult> RevokeAsync(HttpRequest request, AccountStore accounts)
    {
        var token = request.Query["token"].ToString();
        if (token.Length == 0 && request.HasFormContentType)
        {
            token = (await request.ReadFormAsync(request.HttpContext.RequestAborted))["token"].ToString();
        }

        return accounts.Revoke(token)
            ? Results.Json(new Dictionary<string, string>())
            : TokenError(400, "invalid_token", "Token expired or revoked");
    }

    private static (string? Id, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim())).Split(':', 2);
                if (pair.Length == 2)
                {
                    return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
                }
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }

        return (form["client_id"].ToString(), form["client_secret"].ToString());
    }

    private static bool VerifierMatches(AuthorizationCode code, string verifier)
    {
        if (verifier.Length == 0)
        {
            return false;
        }

        var expected = code.CodeChallengeMethod == "plain"
            ? verifier
            : WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(code.CodeChallenge!));
    }

    private static IResult TokenAnswer(string accessToken, string? refreshToken, string scope, TimeSpan lifetime)
    {
        var answer = new Dictionary<string, object>
        {
            ["access_token"] = accessToken,
            ["expires_in"] = (int)lifetime.TotalSeconds,
            ["scope"] = scope,
            ["token_type"] = "Bearer",
        };
        if (refreshToken is not null)
        {
            answer["refresh_token"] = refreshToken;
        }

        return Results.Json(answer);
    }

    private static IResult TokenError(int status, string error, string description) =>
        Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status);

    private static string WithQuery(string uri, params (string Name, string Value)[] parameters) =>
        QueryHelpers.AddQueryString(uri, parameters.Where(p => p.Value.Length > 0).Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)));

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
