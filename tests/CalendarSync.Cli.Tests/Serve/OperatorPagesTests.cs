using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CalendarSync.Testing;

namespace CalendarSync.Cli.Tests.Serve;

/// <summary>
/// The operator pages as <c>calsync serve</c> serves them, over real HTTP: each sign-in mode, the headers every page
/// sends, outsiders' text shown as text, and actions that only the operator's own pages can post.
/// </summary>
public sealed partial class OperatorPagesTests(AzuriteFixture azurite, EmulatorFixture emulator)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FunctionKeySignIn_KeyOnceThenCookie_PageWithItsHeadersAndEscapedOutsiderText()
    {
        await using var app = await ServedApp.StartAsync(azurite, emulator);
        var staffId = await app.Calsync.ConnectNewStaffAsync();
        var day = DateTime.UtcNow.Date.AddDays(2);
        await app.Calsync.AddGoogleEventAsync(staffId, new
        {
            summary = "<script>alert(1)</script><b>Lunch</b>",
            start = new { dateTime = $"{day:yyyy-MM-dd}T12:00:00Z" },
            end = new { dateTime = $"{day:yyyy-MM-dd}T13:00:00Z" },
        });

        using var anonymous = await app.Http.GetAsync("api/operator", Token);
        using var wrongKey = await app.Http.GetAsync("api/operator?code=nope", Token);
        using var signIn = await app.Http.GetAsync($"api/operator?code={ServedApp.Key}", Token);
        using var home = await app.Http.GetAsync("api/operator", Token);

        // The event's push notification brings it over as a block within seconds.
        var staffHtml = "";
        for (var deadline = DateTimeOffset.UtcNow.AddSeconds(30); !staffHtml.Contains("Lunch", StringComparison.Ordinal);)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "Waited 30 s for the Google event's block on the staff member's page.");
            await Task.Delay(200, Token);
            using var staff = await app.Http.GetAsync($"api/operator/staff/{staffId}", Token);
            staffHtml = await staff.Content.ReadAsStringAsync(Token);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        Assert.Equal("/api/operator", signIn.Headers.Location!.OriginalString);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("HttpOnly", cookie, StringComparison.Ordinal);
        Assert.Contains("SameSite=Strict", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain(ServedApp.Key, cookie, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var policy = string.Join(";", home.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        var homeHtml = await home.Content.ReadAsStringAsync(Token);
        Assert.Contains($">{staffId}</a>", homeHtml, StringComparison.Ordinal);
        Assert.Contains("status-Active", homeHtml, StringComparison.Ordinal);

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;Lunch&lt;/b&gt;", staffHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", staffHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", staffHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Actions_OnlyFromTheOperatorsOwnPage_PauseResumeDirectionSyncAndReconnectLink()
    {
        await using var app = await ServedApp.StartAsync(azurite, emulator);
        var staffId = await app.Calsync.ConnectNewStaffAsync();
        (await app.Http.GetAsync($"api/operator?code={ServedApp.Key}", Token)).Dispose();
        var page = await (await app.Http.GetAsync($"api/operator/staff/{staffId}", Token)).Content.ReadAsStringAsync(Token);
        var token = FormToken().Match(page).Groups["token"].Value;
        Assert.NotEmpty(token);

        using var noToken = await PostAsync(app, $"api/operator/staff/{staffId}/pause", null, null);
        using var forgedToken = await PostAsync(app, $"api/operator/staff/{staffId}/pause", token[..^2] + "xx", null);
        using var crossSite = await PostAsync(app, $"api/operator/staff/{staffId}/pause", token, ("Sec-Fetch-Site", "cross-site"));
        using var otherOrigin = await PostAsync(app, $"api/operator/staff/{staffId}/pause", token, ("Origin", "https://evil.example"));
        var stillActive = (await app.Calsync.RunAsync("status", "--json")).Json().EnumerateArray().Single(r => r.GetProperty("staffId").GetString() == staffId);

        using var pause = await PostAsync(app, $"api/operator/staff/{staffId}/pause", token, ("Origin", app.Address.GetLeftPart(UriPartial.Authority)));
        using var afterPause = await app.Http.GetAsync(new Uri(new Uri(app.Address, $"api/operator/staff/{staffId}/pause"), pause.Headers.Location!), Token);
        using var direction = await PostAsync(app, $"api/operator/staff/{staffId}/direction", token, ("Sec-Fetch-Site", "same-origin"), ("direction", "PushOnly"));
        using var resume = await PostAsync(app, $"api/operator/staff/{staffId}/resume", token, null);
        using var sync = await PostAsync(app, $"api/operator/staff/{staffId}/sync", token, null);
        using var link = await PostAsync(app, $"api/operator/staff/{staffId}/reconnect-link", token, null);
        var status = (await app.Calsync.RunAsync("status", "--json")).Json().EnumerateArray().Single(r => r.GetProperty("staffId").GetString() == staffId);

        Assert.All([noToken, forgedToken, crossSite, otherOrigin], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal("Active", stillActive.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.SeeOther, pause.StatusCode);
        Assert.Contains("Paused: the sweep leaves", await afterPause.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal([HttpStatusCode.SeeOther, HttpStatusCode.SeeOther, HttpStatusCode.SeeOther], new[] { direction.StatusCode, resume.StatusCode, sync.StatusCode });
        Assert.Equal(("Active", "PushOnly"), (status.GetProperty("status").GetString(), status.GetProperty("direction").GetString()));
        Assert.Equal(HttpStatusCode.OK, link.StatusCode);
        Assert.Contains($"{app.Address}api/calendar/connect?link=link1~{staffId}~", WebUtility.HtmlDecode(await link.Content.ReadAsStringAsync(Token)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DoubleBookings_AGoogleEventPutOverABooking_OnTheStaffPageAndInTheOverview()
    {
        await using var app = await ServedApp.StartAsync(azurite, emulator);
        var staffId = await app.Calsync.ConnectNewStaffAsync();
        var day = DateTime.UtcNow.Date.AddDays(3);
        (await app.Calsync.RunAsync("appointments", "put", staffId, "booked-1", "--start", $"{day:yyyy-MM-dd}T10:00:00Z",
            "--end", $"{day:yyyy-MM-dd}T11:00:00Z", "--customer", "Eve")).AssertSucceeded();
        var eventId = await app.Calsync.AddGoogleEventAsync(staffId, new
        {
            summary = "Dentist",
            start = new { dateTime = $"{day:yyyy-MM-dd}T10:30:00Z" },
            end = new { dateTime = $"{day:yyyy-MM-dd}T11:30:00Z" },
        });
        (await app.Http.GetAsync($"api/operator?code={ServedApp.Key}", Token)).Dispose();

        // The event's push notification brings it over as a block within seconds; the run that imports it finds the conflict.
        var staffHtml = "";
        for (var deadline = DateTimeOffset.UtcNow.AddSeconds(30); !staffHtml.Contains(">booked-1<", StringComparison.Ordinal);)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "Waited 30 s for the double booking on the staff member's page.");
            await Task.Delay(200, Token);
            using var staff = await app.Http.GetAsync($"api/operator/staff/{staffId}", Token);
            staffHtml = await staff.Content.ReadAsStringAsync(Token);
        }

        // The overview counts what the run recorded on the connection as it finished, a moment after it stored the block;
        // other tests' staff members with conflicts share the storage and the section.
        var row = new Regex($@"{staffId}</a></th>\s*<td>1</td>");
        var overview = "";
        for (var deadline = DateTimeOffset.UtcNow.AddSeconds(10); !row.IsMatch(overview);)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "Waited 10 s for the double booking in the overview.");
            using var home = await app.Http.GetAsync("api/operator", Token);
            var homeHtml = await home.Content.ReadAsStringAsync(Token);
            overview = homeHtml[homeHtml.IndexOf("<h2>Double bookings</h2>", StringComparison.Ordinal)..];
            await Task.Delay(100, Token);
        }

        Assert.Contains($"<td>{day:yyyy-MM-dd} 10:30 to {day:yyyy-MM-dd} 11:00 UTC</td>", staffHtml, StringComparison.Ordinal);
        Assert.Contains($"<td>{eventId}</td>", staffHtml, StringComparison.Ordinal);
        Assert.Contains("The event was put over the booking", staffHtml, StringComparison.Ordinal);
        Assert.Matches(row, overview);
    }

    [Fact]
    public async Task EntraIdSignIn_EasyAuthsPrincipalInTheGroup_OthersRedirectedOrRefused()
    {
        var group = Guid.NewGuid().ToString();
        await using var app = await ServedApp.StartAsync(azurite, emulator, new Dictionary<string, string>
        {
            ["Operator__SignIn"] = "EntraId",
            ["Operator__AllowedGroupId"] = group,
        });

        using var absent = await app.Http.GetAsync("api/operator", Token);
        using var keyIsNotEnough = await app.Http.GetAsync($"api/operator?code={ServedApp.Key}", Token);
        using var member = await GetAsPrincipalAsync(app, group);
        using var outsider = await GetAsPrincipalAsync(app, Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.Redirect, absent.StatusCode);
        Assert.StartsWith("/.auth/login/aad?post_login_redirect_uri=", absent.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, keyIsNotEnough.StatusCode);
        Assert.Equal(HttpStatusCode.OK, member.StatusCode);
        Assert.Contains("Signed in as Olga Operator", await member.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, outsider.StatusCode);
    }

    [Fact]
    public async Task Off_OperatorPagesAnswer404EvenWithTheKey()
    {
        await using var app = await ServedApp.StartAsync(azurite, emulator, new Dictionary<string, string> { ["Operator__SignIn"] = "Off" });

        using var home = await app.Http.GetAsync($"api/operator?code={ServedApp.Key}", Token);

        Assert.Equal(HttpStatusCode.NotFound, home.StatusCode);
    }

    private static async Task<HttpResponseMessage> GetAsPrincipalAsync(ServedApp app, string group)
    {
        var principal = $$"""{"auth_typ":"aad","claims":[{"typ":"name","val":"Olga Operator"},{"typ":"groups","val":"{{group}}"}],"name_typ":"name","role_typ":"roles"}""";
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/operator");
        request.Headers.Add("X-MS-CLIENT-PRINCIPAL", Convert.ToBase64String(Encoding.UTF8.GetBytes(principal)));
        return await app.Http.SendAsync(request, Token);
    }

    private static Task<HttpResponseMessage> PostAsync(ServedApp app, string path, string? token, params (string Name, string Value)[]? headersOrFields)
    {
        var fields = new List<KeyValuePair<string, string>>();
        if (token is not null)
        {
            fields.Add(new("token", token));
        }

        var request = new HttpRequestMessage(HttpMethod.Post, path);
        foreach (var (name, value) in headersOrFields ?? [])
        {
            if (name == "direction")
            {
                fields.Add(new(name, value));
            }
            else
            {
                request.Headers.Add(name, value);
            }
        }

        request.Content = new FormUrlEncodedContent(fields);
        return app.Http.SendAsync(request, Token);
    }

    [GeneratedRegex("name=\"token\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex FormToken();
}
