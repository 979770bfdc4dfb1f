using System.Diagnostics;
using CalendarSync.Testing;
using Microsoft.Playwright;

namespace CalendarSync.Cli.Tests.Browser;

/// <summary>
/// One headless Chromium for the browser tests, driven by Playwright through its executable path (Playwright downloads
/// nothing): Debian's <c>chromium</c> where it is installed, otherwise the one the repository's pinned npm package
/// <c>@sparticuz/chromium</c> ships (its own code unpacks it; <c>npm ci</c> brings it).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Where the tests write a screenshot of each page (the README names it).</summary>
    public static readonly string ScreenshotFolder = Path.Combine(RepositoryRoot.Path, ".artifacts", "screenshots");

    private static readonly string[] DebianChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium has not started.");

    public async ValueTask InitializeAsync()
    {
        var executable = DebianChromium.FirstOrDefault(File.Exists) ?? await NpmChromiumAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,

            // Tests run as root in CI, where Chromium's sandbox cannot start; the pages under test are our own.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    private static async Task<string> NpmChromiumAsync()
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add("import('@sparticuz/chromium').then(async m => console.log(await m.default.executablePath()))");
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var output = await node.StandardOutput.ReadToEndAsync();
        var error = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        var path = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return node.ExitCode == 0 && path is not null && File.Exists(path)
            ? path
            : throw new InvalidOperationException($"@sparticuz/chromium gave no executable (run npm ci at the repository's root): {error}");
    }
}
