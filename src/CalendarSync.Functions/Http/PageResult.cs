using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CalendarSync.Functions.Http;

/// <summary>
/// A server-rendered HTML page (<see cref="Pages"/>), written with the headers every page sends: a Content-Security-Policy
/// that allows no script, no frame around the page (<c>frame-ancestors 'none'</c>) and forms only to this app (and,
/// for the connect page, to Google's consent); no sniffing, no referrer to other sites, no caching.
/// </summary>
internal sealed class PageResult : ContentResult
{
    /// <summary>Origins a form may post to, or its POST redirect to, beyond this app.</summary>
    public IReadOnlyList<string> FormTargets { get; init; } = [];

    /// <summary>Cookies to set (<c>Set-Cookie</c> values) with the page or redirect.</summary>
    public IReadOnlyList<string> Cookies { get; init; } = [];

    /// <summary>Where the browser goes next (a 303 after a form's POST, or a 302); null for a page.</summary>
    public string? Location { get; init; }

    public override Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src '{Pages.StyleHash}'; img-src 'self'; form-action 'self'{string.Concat(FormTargets.Select(t => " " + t))}; " +
            "frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        // Same-origin, not none: with no referrer at all a browser sends the forms' POSTs with "Origin: null", which the
        // cross-site check must refuse; to any other site (Google's consent among them) the address, a connect link, never goes.
        headers["Referrer-Policy"] = "same-origin";
        headers.CacheControl = "no-store";
        foreach (var cookie in Cookies)
        {
            headers.Append("Set-Cookie", cookie);
        }

        if (Location is not null)
        {
            headers.Location = Location;
        }

        return base.ExecuteResultAsync(context);
    }
}
