using System.Collections.Specialized;
using System.Web;
using CalendarSync.Core.Connections;

namespace CalendarSync.Testing;

/// <summary>The steps of a connect as the appointment system and the staff member's browser take them, for tests.</summary>
public static class ConsentFlow
{
    /// <summary>
    /// A connect link for the staff member's account (as <c>POST calendar/connect-links</c> makes it), opened and its
    /// button pressed (as <c>POST calendar/connect</c> does): answers the consent page at Google.
    /// </summary>
    public static async Task<Uri> StartAsync(ConnectionService connections, string staffId, string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connections);
        var link = await connections.CreateLinkAsync(staffId, email, cancellationToken);
        return await connections.StartConsentAsync(LinkToken(link.Url), cancellationToken);
    }

    /// <summary>The signed token in a connect link's query.</summary>
    public static string LinkToken(Uri link)
    {
        ArgumentNullException.ThrowIfNull(link);
        return HttpUtility.ParseQueryString(link.Query)["link"] ?? throw new ArgumentException("Not a connect link.", nameof(link));
    }

    /// <summary>
    /// Consents at the emulator, optionally as another account than the link asked for (Google lets the person choose any
    /// account they are signed in to); answers the query Google redirects to the callback with.
    /// </summary>
    public static async Task<NameValueCollection> ConsentAsync(Uri consentUrl, string? signInAs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consentUrl);
        var url = consentUrl;
        if (signInAs is not null)
        {
            var query = HttpUtility.ParseQueryString(consentUrl.Query);
            query["login_hint"] = signInAs;
            url = new UriBuilder(consentUrl) { Query = query.ToString() }.Uri;
        }

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var consent = await browser.GetAsync(url, cancellationToken);
        return HttpUtility.ParseQueryString(consent.Headers.Location?.Query ?? throw new InvalidOperationException($"The consent answered {consent.StatusCode}, no redirect."));
    }
}
