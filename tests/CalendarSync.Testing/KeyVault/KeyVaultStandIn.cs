using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Testing.KeyVault;

/// <summary>
/// The subset of Azure Key Vault's secrets REST API that <c>SecretClient</c> uses for refresh
/// tokens, served by Kestrel over HTTPS on a loopback port with a self-signed certificate that
/// only <see cref="CreateTransport"/> trusts, behind Key Vault's challenge-based bearer
/// authentication. Names are checked and compared as Key Vault does (1–127 of <c>0-9a-zA-Z-</c>,
/// case-insensitive); deletes are soft, with recover and purge (refused under
/// <see cref="PurgeProtection"/>).
/// </summary>
/// <remarks>
/// The vault URI names a host under <c>vault.azure.net</c> that <see cref="CreateTransport"/>
/// routes to the loopback port, so the SDK's check that the challenge's resource matches the
/// vault's domain stays on, as in production.
/// </remarks>
public sealed partial class KeyVaultStandIn : IAsyncDisposable
{
    public const string TenantId = "5b0c2a61-7d3e-4f8a-9c1b-2e6d4a8f0c37";
    public const string VaultHost = "calendarsync-test.vault.azure.net";

    private const int RecoverableDays = 90;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, StoredSecret> _live = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, StoredSecret> _deleted = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<(int Status, TimeSpan? RetryAfter)> _faults = new();
    private readonly List<KeyVaultRequest> _requests = [];
    private readonly string _acceptedToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly X509Certificate2 _certificate;
    private WebApplication? _app;
    private int _port;

    private KeyVaultStandIn(X509Certificate2 certificate)
    {
        _certificate = certificate;
        Credential = new KeyVaultStandInCredential(_acceptedToken);
    }

    public Uri VaultUri => new($"https://{VaultHost}:{_port}/");

    /// <summary>The credential to give the SDK: its token is the only one the stand-in accepts.</summary>
    public KeyVaultStandInCredential Credential { get; }

    /// <summary>When on, a purge is refused with 403, as in a vault with purge protection.</summary>
    public bool PurgeProtection { get; set; }

    /// <summary>Every authenticated request so far, in order (the unauthenticated challenge rounds are left out).</summary>
    public IReadOnlyList<KeyVaultRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Secret versions written so far (successful PUTs).</summary>
    public int Writes => Requests.Count(request => request.Method == HttpMethods.Put && request.Status == StatusCodes.Status200OK);

    public static async Task<KeyVaultStandIn> StartAsync(CancellationToken cancellationToken)
    {
        var standIn = new KeyVaultStandIn(CreateCertificate());
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(standIn._certificate)));
        var app = builder.Build();
        app.Run(standIn.HandleAsync);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        standIn._port = new Uri(address).Port;
        standIn._app = app;
        return standIn;
    }

    /// <summary>
    /// A transport for <c>SecretClientOptions.Transport</c> that connects to this stand-in whatever
    /// the host name, and trusts its certificate and no other.
    /// </summary>
    public HttpPipelineTransport CreateTransport()
    {
        var pinned = _certificate.GetCertHash(HashAlgorithmName.SHA256);
        var port = _port;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = (_, cancellationToken) => ConnectToLoopbackAsync(port, cancellationToken),
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetCertHash(HashAlgorithmName.SHA256).AsSpan().SequenceEqual(pinned),
            },
        };
        return new HttpClientTransport(handler);
    }

    /// <summary>The next <paramref name="times"/> authenticated requests fail with <paramref name="status"/>.</summary>
    public void FailNext(int status, TimeSpan? retryAfter = null, int times = 1)
    {
        lock (_gate)
        {
            for (var i = 0; i < times; i++)
            {
                _faults.Enqueue((status, retryAfter));
            }
        }
    }

    public KeyVaultSecretSnapshot? Find(string name)
    {
        lock (_gate)
        {
            var isDeleted = !_live.TryGetValue(name, out var secret);
            if (isDeleted && !_deleted.TryGetValue(name, out secret))
            {
                return null;
            }

            var current = secret!.Current;
            return new KeyVaultSecretSnapshot(secret.Name, current.Value, current.ContentType, current.Tags, secret.Versions.Count, isDeleted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _certificate.Dispose();
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={VaultHost}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(VaultHost);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(4));
    }

    private static async ValueTask<Stream> ConnectToLoopbackAsync(int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException)
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.Authorization != $"Bearer {_acceptedToken}")
        {
            // Key Vault's challenge: the SDK sends its first request without a token (and without
            // its body), reads the tenant and resource here, and sends it again with a token.
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate =
                $"Bearer authorization=\"https://login.microsoftonline.com/{TenantId}\", resource=\"https://vault.azure.net\"";
            return;
        }

        var (status, body, retryAfter) = string.IsNullOrEmpty(request.Query["api-version"])
            ? Error(StatusCodes.Status400BadRequest, "BadParameter", "The 'api-version' query parameter is missing.")
            : NextFault() ?? await RouteAsync(context);

        lock (_gate)
        {
            _requests.Add(new KeyVaultRequest(request.Method, request.Path.Value ?? "", status));
        }

        context.Response.StatusCode = status;
        if (retryAfter is { } delay)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (body is not null)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(body.ToJsonString());
        }
    }

    private Reply? NextFault()
    {
        lock (_gate)
        {
            if (!_faults.TryDequeue(out var fault))
            {
                return null;
            }

            var code = fault.Status == StatusCodes.Status429TooManyRequests ? "Throttled" : "InjectedFault";
            return Error(fault.Status, code, "Injected by the test.") with { RetryAfter = fault.RetryAfter };
        }
    }

    private async Task<Reply> RouteAsync(HttpContext context)
    {
        var segments = (context.Request.Path.Value ?? "").Trim('/').Split('/');
        var method = context.Request.Method;
        var origin = $"https://{context.Request.Host}/";
        if (segments.Length < 2 || !NamePattern().IsMatch(segments[1]))
        {
            return segments is ["secrets" or "deletedsecrets", var invalid, ..]
                ? Error(StatusCodes.Status400BadRequest, "BadParameter", $"The request URI contains an invalid name: {invalid}")
                : Error(StatusCodes.Status404NotFound, "NotFound", "No such resource.");
        }

        var name = segments[1];
        return (segments[0], segments.Length, method) switch
        {
            ("secrets", 2, "PUT") => await SetAsync(context, name, origin),
            ("secrets", 2 or 3, "GET") => Get(name, segments.Length == 3 ? segments[2] : null, origin),
            ("secrets", 2, "DELETE") => Delete(name, origin),
            ("deletedsecrets", 2, "GET") => GetDeleted(name, origin),
            ("deletedsecrets", 2, "DELETE") => Purge(name),
            ("deletedsecrets", 3, "POST") when segments[2] == "recover" => Recover(name, origin),
            _ => Error(StatusCodes.Status405MethodNotAllowed, "BadRequest", $"{method} is not supported here."),
        };
    }

    private async Task<Reply> SetAsync(HttpContext context, string name, string origin)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        if (body?["value"] is not JsonValue valueNode || !valueNode.TryGetValue(out string? value))
        {
            return Error(StatusCodes.Status400BadRequest, "BadParameter", "Property value is required.");
        }

        var tags = body["tags"] is JsonObject tagObject
            ? tagObject.ToDictionary(tag => tag.Key, tag => tag.Value?.GetValue<string>() ?? "", StringComparer.Ordinal)
            : [];
        var version = new SecretVersion(Guid.NewGuid().ToString("N"), value, body["contentType"]?.GetValue<string>(), tags, DateTimeOffset.UtcNow);

        lock (_gate)
        {
            if (_deleted.ContainsKey(name))
            {
                return Error(StatusCodes.Status409Conflict, "Conflict",
                    $"Secret {name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.",
                    "ObjectIsDeletedButRecoverable");
            }

            if (!_live.TryGetValue(name, out var secret))
            {
                secret = new StoredSecret(name);
                _live[name] = secret;
            }

            secret.Versions.Add(version);
            return Ok(Bundle(secret, version, origin, withValue: true));
        }
    }

    private Reply Get(string name, string? versionId, string origin)
    {
        lock (_gate)
        {
            if (!_live.TryGetValue(name, out var secret))
            {
                return SecretNotFound(name);
            }

            var version = string.IsNullOrEmpty(versionId) ? secret.Current : secret.Versions.Find(v => v.Id == versionId);
            return version is null ? SecretNotFound($"{name}/{versionId}") : Ok(Bundle(secret, version, origin, withValue: true));
        }
    }

    private Reply Delete(string name, string origin)
    {
        lock (_gate)
        {
            if (!_live.Remove(name, out var secret))
            {
                return SecretNotFound(name);
            }

            secret.DeletedOn = DateTimeOffset.UtcNow;
            _deleted[name] = secret;
            return Ok(DeletedBundle(secret, origin));
        }
    }

    private Reply GetDeleted(string name, string origin)
    {
        lock (_gate)
        {
            return _deleted.TryGetValue(name, out var secret)
                ? Ok(DeletedBundle(secret, origin))
                : Error(StatusCodes.Status404NotFound, "SecretNotFound", $"Deleted Secret not found: {name}");
        }
    }

    private Reply Purge(string name)
    {
        lock (_gate)
        {
            if (!_deleted.ContainsKey(name))
            {
                return Error(StatusCodes.Status404NotFound, "SecretNotFound", $"Deleted Secret not found: {name}");
            }

            if (PurgeProtection)
            {
                return Error(StatusCodes.Status403Forbidden, "Forbidden",
                    "Operation \"purge\" is not allowed because purge protection is enabled for this vault. Key Vault service will automatically purge it after the retention period has passed.",
                    "ForbiddenByPolicy");
            }

            _deleted.Remove(name);
            return new Reply(StatusCodes.Status204NoContent, null, null);
        }
    }

    private Reply Recover(string name, string origin)
    {
        lock (_gate)
        {
            if (!_deleted.Remove(name, out var secret))
            {
                return Error(StatusCodes.Status404NotFound, "SecretNotFound", $"Deleted Secret not found: {name}");
            }

            secret.DeletedOn = null;
            _live[name] = secret;
            return Ok(Bundle(secret, secret.Current, origin, withValue: false));
        }
    }

    private JsonObject Bundle(StoredSecret secret, SecretVersion version, string origin, bool withValue)
    {
        var bundle = new JsonObject
        {
            ["id"] = $"{origin}secrets/{secret.Name}/{version.Id}",
            ["attributes"] = new JsonObject
            {
                ["enabled"] = true,
                ["created"] = version.Created.ToUnixTimeSeconds(),
                ["updated"] = version.Created.ToUnixTimeSeconds(),
                ["recoveryLevel"] = PurgeProtection ? "Recoverable" : "Recoverable+Purgeable",
                ["recoverableDays"] = RecoverableDays,
            },
            ["tags"] = new JsonObject(version.Tags.Select(tag => KeyValuePair.Create(tag.Key, (JsonNode?)tag.Value))),
        };
        if (withValue)
        {
            bundle["value"] = version.Value;
        }

        if (version.ContentType is not null)
        {
            bundle["contentType"] = version.ContentType;
        }

        return bundle;
    }

    private JsonObject DeletedBundle(StoredSecret secret, string origin)
    {
        var bundle = Bundle(secret, secret.Current, origin, withValue: false);
        var deletedOn = secret.DeletedOn ?? DateTimeOffset.UtcNow;
        bundle["recoveryId"] = $"{origin}deletedsecrets/{secret.Name}";
        bundle["deletedDate"] = deletedOn.ToUnixTimeSeconds();
        bundle["scheduledPurgeDate"] = deletedOn.AddDays(RecoverableDays).ToUnixTimeSeconds();
        return bundle;
    }

    private static Reply Ok(JsonObject body) => new(StatusCodes.Status200OK, body, null);

    private static Reply SecretNotFound(string name) => Error(StatusCodes.Status404NotFound, "SecretNotFound",
        $"A secret with (name/id) {name} was not found in this key vault.");

    private static Reply Error(int status, string code, string message, string? innerCode = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (innerCode is not null)
        {
            error["innererror"] = new JsonObject { ["code"] = innerCode };
        }

        return new Reply(status, new JsonObject { ["error"] = error }, null);
    }

    [GeneratedRegex("^[0-9a-zA-Z-]{1,127}$")]
    private static partial Regex NamePattern();

    private sealed record Reply(int Status, JsonObject? Body, TimeSpan? RetryAfter);

    private sealed record SecretVersion(string Id, string Value, string? ContentType, IReadOnlyDictionary<string, string> Tags, DateTimeOffset Created);

    private sealed class StoredSecret(string name)
    {
        public string Name { get; } = name;

        public List<SecretVersion> Versions { get; } = [];

        public SecretVersion Current => Versions[^1];

        public DateTimeOffset? DeletedOn { get; set; }
    }
}
