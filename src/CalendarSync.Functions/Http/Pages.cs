using System.Net;
using Microsoft.AspNetCore.Mvc;

namespace CalendarSync.Functions.Http;

/// <summary>The short pages a staff member's browser sees; every text in them is encoded, whatever came in.</summary>
internal static class Pages
{
    public static ContentResult Message(HttpStatusCode status, string title, string message) =>
        Page(status, title, $"<p>{WebUtility.HtmlEncode(message)}</p>");

    /// <summary>A page with one button that posts <paramref name="field"/> to <paramref name="action"/>; no script needed.</summary>
    public static ContentResult Form(string title, string message, string action, (string Name, string Value) field, string button) =>
        Page(HttpStatusCode.OK, title, $"""
            <p>{WebUtility.HtmlEncode(message)}</p>
            <form method="post" action="{WebUtility.HtmlEncode(action)}">
            <input type="hidden" name="{WebUtility.HtmlEncode(field.Name)}" value="{WebUtility.HtmlEncode(field.Value)}">
            <button type="submit">{WebUtility.HtmlEncode(button)}</button>
            </form>
            """);

    private static ContentResult Page(HttpStatusCode status, string title, string body) => new()
    {
        StatusCode = (int)status,
        ContentType = "text/html; charset=utf-8",
        Content = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>{WebUtility.HtmlEncode(title)}</title></head>
            <body><h1>{WebUtility.HtmlEncode(title)}</h1>{body}</body></html>
            """,
    };
}
