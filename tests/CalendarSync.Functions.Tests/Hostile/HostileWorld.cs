using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Azure.Data.Tables;
using CalendarSync.Azure.Secrets;
using CalendarSync.Azure.Storage;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Functions.Http;
using CalendarSync.Functions.Sync;
using CalendarSync.Functions.Tests.Http;
using CalendarSync.Testing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Tests.Hostile;

/// <summary>
/// One function app per test class with storage of its own (tables under a prefix, its own queues and token table), so a
/// snapshot sees only what this class's cases could have changed; and a resident staff member, connected through
/// Google's consent and synced once, whose data every case must leave as it was.
/// </summary>
public sealed class HostileWorld(AzuriteFixture azurite, EmulatorFixture emulator) : IAsyncLifetime
{
    public const string LunchSummary = "Lunch";

    public string Prefix { get; } = "h" + Guid.NewGuid().ToString("N")[..10];

    public string QueueName => Prefix + "-sync";

    public string PoisonQueueName => QueueName + "-poison";

    internal RecordingLogs Logs { get; } = new();

    internal FunctionApp App { get; private set; } = null!;

    public AzuriteFixture Azurite => azurite;

    public EmulatorFixture Emulator => emulator;

    public string ResidentStaffId { get; } = "resident-" + Guid.NewGuid().ToString("N")[..8];

    public EmulatorUser Resident { get; private set; } = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        App = new FunctionApp(
            azurite,
            emulator,
            QueueName,
            new FunctionAppOptions
            {
                Services = services =>
                {
                    services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
                    services.AddSingleton(sp => new StorageTables(sp.GetRequiredService<TableServiceClient>(), Prefix));
                    services.AddSingleton<IRefreshTokenStore>(new DevelopmentRefreshTokenStore(
                        new TableClient(azurite.ConnectionString, Prefix + DevelopmentRefreshTokenStore.TableName),
                        new FunctionApp.DevelopmentEnvironment()));
                },
            });

        Resident = await emulator.CreateUserAsync(timeZone: "Europe/Berlin", cancellationToken: Cancel);
        await ConnectThroughConsentAsync(ResidentStaffId, Resident);
        await InsertLunchAsync(Resident);
        var put = await App.Function<DataApiFunction>().PutAppointment(
            DataApiHost.Request("PUT", """{"start":"2026-12-03T09:00:00+01:00","end":"2026-12-03T10:00:00+01:00","customerName":"Jane Doe"}"""),
            ResidentStaffId, "a-resident");
        Assert.Equal(201, DataApiHost.Read(put).Status);
        await RunAsync(ResidentStaffId);
    }

    public ValueTask DisposeAsync()
    {
        App.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The tables, both queues and the resident's calendar, plus any <paramref name="calendars"/>.</summary>
    internal Task<StorageSnapshot> SnapshotAsync(params string[] calendars) =>
        StorageSnapshot.TakeAsync(
            azurite.ConnectionString, Prefix, [QueueName, PoisonQueueName], emulator.BaseUri, [Resident.Email, .. calendars], Cancel);

    /// <summary>connect → the emulator's consent → oauth/callback, as a staff member's browser goes.</summary>
    public async Task ConnectThroughConsentAsync(string staffId, EmulatorUser user)
    {
        var (code, state) = await ConsentAsync(staffId, user.Email);
        var page = Assert.IsType<PageResult>(await App.Function<OAuthFunction>().OAuthCallback(
            FunctionApp.Get("/api/calendar/oauth/callback", ("state", state), ("code", code))));
        Assert.Equal(200, page.StatusCode);
    }

    /// <summary>Begins a consent and lets the emulator's consent page answer: Google's redirect back, as its query.</summary>
    public async Task<(string? Code, string? State)> ConsentAsync(string staffId, string loginHint)
    {
        var consentUrl = await App.StartConsentAsync(await App.CreateLinkAsync(staffId, loginHint), Cancel);
        var query = await ConsentFlow.ConsentAsync(consentUrl, signInAs: null, Cancel);
        return (query["code"], query["state"]);
    }

    /// <summary>A connection made directly in the stores, for a user the emulator made: cheaper than a consent.</summary>
    public async Task<string> ConnectDirectlyAsync(EmulatorUser user)
    {
        var staffId = "g-" + Guid.NewGuid().ToString("N")[..12];
        await App.Service<IRefreshTokenStore>().SetAsync(staffId, user.RefreshToken, Cancel);
        await App.Service<IConnectionStore>().SaveAsync(
            new ConnectionRecord
            {
                Connection = new CalendarConnection(staffId, user.Email, SyncDirection.Bidirectional, ConnectionStatus.Active),
                TimeZoneId = "Europe/Berlin",
                Email = user.Email,
            },
            Cancel);
        return staffId;
    }

    public async Task InsertLunchAsync(EmulatorUser user)
    {
        using var google = Google(user);
        using var lunch = await google.PostAsJsonAsync("calendar/v3/calendars/primary/events", new
        {
            summary = LunchSummary,
            start = new { dateTime = "2026-12-02T12:00:00", timeZone = "Europe/Berlin" },
            end = new { dateTime = "2026-12-02T13:00:00", timeZone = "Europe/Berlin" },
        }, Cancel);
        Assert.Equal(HttpStatusCode.OK, lunch.StatusCode);
    }

    public HttpClient Google(EmulatorUser user)
    {
        var google = new HttpClient { BaseAddress = emulator.BaseUri };
        google.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        return google;
    }

    /// <summary>One run of the queue function for the staff member, as the host would hand it a manual request.</summary>
    public Task RunAsync(string staffId) =>
        App.Function<SyncStaffCalendarFunction>().SyncStaffCalendar(
            new SyncRequest(staffId, SyncReason.Manual, DateTimeOffset.UtcNow).ToJson(), Cancel);
}
