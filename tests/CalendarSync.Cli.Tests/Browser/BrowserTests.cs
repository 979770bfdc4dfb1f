using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CalendarSync.Cli.Tests.Serve;
using CalendarSync.Testing;
using Microsoft.Playwright;

namespace CalendarSync.Cli.Tests.Browser;

/// <summary>
/// The pages in a real headless Chromium against <c>calsync serve</c> on Azurite and the Google emulator: a staff member
/// connects through the connect link and the emulator's consent, the operator sees them, a revoked grant, a pause, and
/// an outsider's markup. Each page's screenshot goes to <see cref="BrowserFixture.ScreenshotFolder"/>.
/// </summary>
public sealed class BrowserTests(AzuriteFixture azurite, EmulatorFixture emulator, BrowserFixture chromium) : IClassFixture<BrowserFixture>
{
    /// <summary>axe-core (the engine of Lighthouse's accessibility audit), as npm installs it.</summary>
    private static readonly Lazy<string> AxeSource = new(() => File.ReadAllText(Path.Combine(RepositoryRoot.Path, "node_modules", "axe-core", "axe.min.js")));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StaffMember_ConnectsThroughTheLinkAndConsent_OperatorSeesActiveThenReauthRequiredAfterTheGrantIsRevoked()
    {
        await using var app = await ServedApp.StartAsync(azurite, emulator);
        var (staffId, email, link) = await NewStaffWithConnectLinkAsync(app, "web");
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(link.AbsoluteUri);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Connect your Google Calendar" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(staffId)).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Screenshot("connect-link.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to Google" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Calendar connected" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Screenshot("connected.png"), FullPage = true });

        await page.GotoAsync(new Uri(app.Address, $"api/operator?code={ServedApp.Key}").AbsoluteUri);
        Assert.DoesNotContain("code=", page.Url, StringComparison.Ordinal);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = staffId });
        await Assertions.Expect(row.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync("Active");
        await page.ScreenshotAsync(new() { Path = Screenshot("operator.png"), FullPage = true });

        // The staff member removes our access in their Google account; the operator asks for a sync and reloads.
        await RevokeGrantAsync(email);
        await page.GotoAsync(new Uri(app.Address, $"api/operator/staff/{staffId}").AbsoluteUri);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();

        // Queued; or refused as not synced when another run (a sweep of a test sharing the storage) met the revoked grant first.
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "A sync was queued" })
            .Or(page.GetByRole(AriaRole.Heading, new() { Name = "Not synced" }))).ToBeVisibleAsync();
        for (var deadline = DateTimeOffset.UtcNow.AddSeconds(30); await page.Locator("dd .status-ReauthRequired").CountAsync() == 0;)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "Waited 30 s for the staff member's page to show ReauthRequired.");
            await Task.Delay(250, Token);
            await page.GotoAsync(new Uri(app.Address, $"api/operator/staff/{staffId}").AbsoluteUri);
        }

        await page.ScreenshotAsync(new() { Path = Screenshot("operator-reauth-required.png"), FullPage = true });
    }

    [Fact]
    public async Task Operator_PausesOne_SweepLeavesThemOutAndTheirPageShowsAnOutsidersMarkupAsText()
    {
        await using var app = await ServedApp.StartAsync(azurite, emulator);
        var paused = await app.Calsync.ConnectNewStaffAsync();
        var other = await app.Calsync.ConnectNewStaffAsync();
        var day = DateTime.UtcNow.Date.AddDays(2);
        await app.Calsync.AddGoogleEventAsync(paused, new
        {
            summary = "<img src=x onerror=alert(1)><b>Team lunch</b>",
            start = new { dateTime = $"{day:yyyy-MM-dd}T12:00:00Z" },
            end = new { dateTime = $"{day:yyyy-MM-dd}T13:00:00Z" },
        });
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, dialog) =>
        {
            dialogs++;
            _ = dialog.DismissAsync();
        };

        await page.GotoAsync(new Uri(app.Address, $"api/operator/staff/{paused}?code={ServedApp.Key}").AbsoluteUri);
        var summary = page.GetByRole(AriaRole.Cell, new() { Name = "<img src=x onerror=alert(1)><b>Team lunch</b>", Exact = true });
        for (var deadline = DateTimeOffset.UtcNow.AddSeconds(30); await summary.CountAsync() == 0;)
        {
            // The event's push notification brings it over as a block within seconds.
            Assert.True(DateTimeOffset.UtcNow < deadline, "Waited 30 s for the Google event's block on the staff member's page.");
            await Task.Delay(250, Token);
            await page.ReloadAsync();
        }

        Assert.Equal(0, await page.Locator("main img, main b").CountAsync());
        await page.ScreenshotAsync(new() { Path = Screenshot("operator-staff.png"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = $"Pause {paused}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Paused");
        await page.GotoAsync(new Uri(app.Address, "api/operator").AbsoluteUri);
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = paused }).GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync("Paused");
        await page.ScreenshotAsync(new() { Path = Screenshot("operator-paused.png"), FullPage = true });
        // Each has a new appointment that only a sync takes to Google; then a sweep. The served app's queue function and
        // calsync's drain share the queue, so whichever takes a message runs it: what is seen is Google.
        foreach (var staffId in new[] { paused, other })
        {
            (await app.Calsync.RunAsync("appointments", "put", staffId, "after-pause", "--start", $"{day:yyyy-MM-dd}T15:00:00Z",
                "--end", $"{day:yyyy-MM-dd}T16:00:00Z", "--customer", "Eve")).AssertSucceeded();
        }

        var pausedBefore = await LiveEventCountAsync(app, paused);
        var otherBefore = await LiveEventCountAsync(app, other);
        var drained = (await app.Calsync.RunAsync("sweep", "--json")).AssertSucceeded().Json().EnumerateArray()
            .Select(r => (Staff: r.GetProperty("staffId").GetString(), Outcome: r.GetProperty("outcome").GetString())).ToList();
        for (var deadline = DateTimeOffset.UtcNow.AddSeconds(30); await LiveEventCountAsync(app, other) == otherBefore;)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "Waited 30 s for the sweep to take the active staff member's appointment to Google.");
            await Task.Delay(250, Token);
        }

        Assert.Equal(pausedBefore, await LiveEventCountAsync(app, paused));
        Assert.DoesNotContain(drained, r => r.Staff == paused && r.Outcome != "Skipped");
        Assert.Equal(0, dialogs);
    }

    [Fact]
    public async Task EveryPage_PassesAnAxeAuditOfWcagAA_AndEveryControlIsReachedByTabWithAVisibleFocus()
    {
        await using var app = await ServedApp.StartAsync(azurite, emulator);
        var (staffId, email, link) = await NewStaffWithConnectLinkAsync(app, "a11y");
        var day = DateTime.UtcNow.Date.AddDays(3);
        await emulator.SharedCalendarAsync(email, "freeBusyReader", day.AddHours(9), day.AddHours(10), Token);
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var findings = new List<string>();

        await page.GotoAsync(link.AbsoluteUri);
        findings.AddRange(await AuditAsync(page, "connect link"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to Google" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Calendar connected" })).ToBeVisibleAsync();
        findings.AddRange(await AuditAsync(page, "connected"));
        await page.GotoAsync(link.AbsoluteUri);
        findings.AddRange(await AuditAsync(page, "link used"));
        await page.GotoAsync(new Uri(app.Address, $"api/operator?code={ServedApp.Key}").AbsoluteUri);
        findings.AddRange(await AuditAsync(page, "operator"));
        await page.GotoAsync(new Uri(app.Address, $"api/operator/staff/{staffId}").AbsoluteUri);
        findings.AddRange(await AuditAsync(page, "operator staff"));
        await page.GetByRole(AriaRole.Button, new() { Name = $"Pause {staffId}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Paused");
        findings.AddRange(await AuditAsync(page, "operator staff after an action"));
        // The shared calendar read as busy times only, chosen in the page's form.
        await page.GetByRole(AriaRole.Group, new() { Name = "How Family is read" }).GetByRole(AriaRole.Radio, new() { Name = "Busy times only" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save how the calendars are read" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("How each calendar is read was saved");
        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Busy times only" })).ToBeCheckedAsync();

        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
    }

    /// <summary>
    /// axe-core's audit of the page (WCAG 2.1 A and AA, and its best practices), then the keyboard: Tab from the top must
    /// reach every link, button and field in turn, each with a visible outline. Answers what failed, by page.
    /// </summary>
    private static async Task<IReadOnlyList<string>> AuditAsync(IPage page, string name)
    {
        // The DevTools protocol's evaluation is not the page's script, so the page's policy (no script at all) allows it.
        await page.EvaluateAsync(AxeSource.Value);
        var violations = await page.EvaluateAsync<string[]>("""
            async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }))
                .violations.map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join(', ')})`)
            """);
        var findings = violations.Select(v => $"{name}: {v}").ToList();

        var controls = await page.EvaluateAsync<int>("""
            () => {
                const controls = [...document.querySelectorAll('a[href], button, select, input:not([type=hidden]), textarea')];
                // A group of radio buttons is one Tab stop (the arrow keys move within it), as in every browser.
                const groups = {};
                controls.forEach((c, i) => c.dataset.tabProbe = c.type === 'radio' ? (groups[c.name] ??= String(i)) : String(i));
                document.activeElement?.blur();
                return new Set(controls.map(c => c.dataset.tabProbe)).size;
            }
            """);
        var reached = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < controls; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string[]>("""
                () => { const e = document.activeElement; return [e?.dataset?.tabProbe ?? e?.tagName ?? '', e ? getComputedStyle(e).outlineStyle : 'none', e?.outerHTML?.slice(0, 80) ?? '']; }
                """);
            if (focused[1] == "none")
            {
                findings.Add($"{name}: no visible focus on {focused[2]}");
            }

            reached.Add(focused[0]);
        }

        if (reached.Count(r => int.TryParse(r, out _)) != controls)
        {
            findings.Add($"{name}: Tab reached {reached.Count(r => int.TryParse(r, out _))} of its {controls} controls in {controls} presses");
        }

        return findings;
    }

    private static string Screenshot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    private static async Task<int> LiveEventCountAsync(ServedApp app, string staffId) =>
        (await app.Calsync.GoogleEventsAsync(staffId)).Count(e => e.GetProperty("status").GetString() != "cancelled");

    /// <summary>A new staff member with a Google account in the emulator, and a connect link for them.</summary>
    private async Task<(string StaffId, string Email, Uri Link)> NewStaffWithConnectLinkAsync(ServedApp app, string prefix)
    {
        var staffId = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        var email = $"{staffId}@example.com";
        await emulator.CreateUserAsync(email, cancellationToken: Token);
        return (staffId, email, await ConnectLinkAsync(app, staffId, email));
    }

    private static async Task<Uri> ConnectLinkAsync(ServedApp app, string staffId, string email)
    {
        using var created = await app.Http.SendAsync(ServedApp.WithKey(HttpMethod.Post, "api/calendar/connect-links", JsonSerializer.Serialize(new { staffId, email })), Token);
        created.EnsureSuccessStatusCode();
        return new Uri((string)(await created.Content.ReadFromJsonAsync<JsonObject>(Token))!["url"]!);
    }

    private async Task RevokeGrantAsync(string email)
    {
        using var http = new HttpClient { BaseAddress = emulator.BaseUri };
        using var revoked = await http.PostAsJsonAsync("emulator/faults", new { kind = "revokeGrant", email }, Token);
        revoked.EnsureSuccessStatusCode();
    }
}
