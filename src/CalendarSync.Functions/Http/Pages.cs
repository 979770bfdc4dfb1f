using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace CalendarSync.Functions.Http;

/// <summary>
/// The pages people see (a staff member connecting, an operator), on one small layout: a heading per page, labelled
/// controls, contrast above WCAG AA, a visible keyboard focus, no script. Every text in them goes through
/// <see cref="Text"/>, whatever came in; markup is only ever written here and by the callers' literals.
/// </summary>
internal static class Pages
{
    private const string Style =
        "body{font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff;margin:0}" +
        "header{background:#1f3a5f;color:#fff;padding:.6rem 1.2rem}header a{color:#fff}" +
        "main{max-width:72rem;padding:1rem 1.2rem}" +
        "a{color:#0b4f9c}a:focus,button:focus,select:focus,input:focus{outline:3px solid #b35900;outline-offset:2px}" +
        "table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #8a8a8a;padding:.3rem .5rem;text-align:left;vertical-align:top}" +
        "th{background:#eef1f5}caption{text-align:left;font-weight:600;padding:.3rem 0}" +
        "button{font:inherit;padding:.25rem .7rem;border:1px solid #1f3a5f;background:#1f3a5f;color:#fff;border-radius:3px;cursor:pointer}" +
        "form{display:inline-block;margin:.1rem .3rem .1rem 0}select,input{font:inherit}" +
        ".status-Active{color:#1b5e20}.status-ReauthRequired,.status-Error,.failing{color:#a4000f;font-weight:600}.status-Paused,.status-Disabled{color:#4a4a4a}" +
        ".notice{border-left:4px solid #1f3a5f;background:#eef1f5;padding:.5rem .8rem}" +
        ".visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}";

    /// <summary>The one stylesheet's hash, which the Content-Security-Policy allows (and nothing else).</summary>
    public static readonly string StyleHash = "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)));

    /// <summary>HTML-encoded text, for an element's content or a quoted attribute.</summary>
    public static string Text(string? value) => WebUtility.HtmlEncode(value ?? "");

    public static PageResult Message(HttpStatusCode status, string title, string message) =>
        Page(status, title, $"<p>{Text(message)}</p>");

    /// <summary>
    /// A page with one button that posts <paramref name="field"/> to <paramref name="action"/>; no script needed.
    /// <paramref name="formTarget"/> is the origin the POST's answer redirects to (Google's consent), which the page's
    /// policy must allow.
    /// </summary>
    public static PageResult Form(string title, string message, string action, (string Name, string Value) field, string button, string? formTarget = null) =>
        Page(HttpStatusCode.OK, title, $"""
            <p>{Text(message)}</p>
            <form method="post" action="{Text(action)}">
            <input type="hidden" name="{Text(field.Name)}" value="{Text(field.Value)}">
            <button type="submit">{Text(button)}</button>
            </form>
            """, formTargets: formTarget is null ? [] : [formTarget]);

    /// <summary>A page on the shared layout; <paramref name="body"/> is markup its caller built with <see cref="Text"/>.</summary>
    public static PageResult Page(
        HttpStatusCode status, string title, string body, string? navigation = null, IReadOnlyList<string>? formTargets = null) => new()
    {
        FormTargets = formTargets ?? [],
        StatusCode = (int)status,
        ContentType = "text/html; charset=utf-8",
        Content = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="same-origin">
            <title>{Text(title)} · CalendarSync</title><style>{Style}</style></head>
            <body><header>CalendarSync{navigation}</header><main><h1>{Text(title)}</h1>
            {body}
            </main></body></html>
            """,
    };
}
