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
        var environment = new Dictionary<string, string>();
        if ((await RunAsync("ldd", executable)).Contains("not found", StringComparison.Ordinal))
        {
            // A stock machine without NSS or expat: the npm package ships them for the systems it targets; they serve here too.
            environment["LD_LIBRARY_PATH"] = await NpmLibrariesAsync();
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Env = environment,

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
        var output = await RunAsync("node", "-e", "import('@sparticuz/chromium').then(async m => console.log(await m.default.executablePath()))");
        var path = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return path is not null && File.Exists(path)
            ? path
            : throw new InvalidOperationException($"@sparticuz/chromium gave no executable (run npm ci at the repository's root): {output}");
    }

    // The package's al2023.tar.br (brotli over tar) holds libnss3, libnspr4, libexpat and their kin under lib/.
    private static async Task<string> NpmLibrariesAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "calendarsync-chromium-libs");
        var tar = Path.Combine(Path.GetTempPath(), $"calendarsync-chromium-libs-{Guid.NewGuid():N}.tar");
        Directory.CreateDirectory(folder);
        await RunAsync("node", "-e",
            $"const z=require('zlib'),f=require('fs');f.writeFileSync({JsonString(tar)},z.brotliDecompressSync(f.readFileSync('node_modules/@sparticuz/chromium/bin/al2023.tar.br')))");
        await RunAsync("tar", "-xf", tar, "-C", folder);
        File.Delete(tar);
        return Path.Combine(folder, "lib");
    }

    private static string JsonString(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    /// <summary>Runs a tool in the repository's root; answers what it wrote (both streams), or throws if it failed.</summary>
    private static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 || file == "ldd"
            ? await output + await error
            : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}");
    }
}
