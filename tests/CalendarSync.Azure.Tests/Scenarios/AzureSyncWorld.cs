using CalendarSync.Azure.Data;
using CalendarSync.Azure.Storage;
using CalendarSync.Azure.Sync;
using CalendarSync.Azure.Tests.Storage;
using CalendarSync.Core.Calendar;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Scenarios;
using CalendarSync.Google;
using CalendarSync.Google.Auth;
using CalendarSync.Google.Sync;
using CalendarSync.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Azure.Tests.Scenarios;

/// <summary>
/// The scenarios' world on the real adapters: the Table Storage stores in Azurite, and our Google client against the
/// emulator. Only the engine's clock is fake (the scenarios move it across days); Google's side runs on real time.
/// </summary>
internal sealed class AzureSyncWorld : ISyncWorld
{
    private readonly GoogleOAuthClient _oauth;
    private readonly CalendarServiceFactory _services;
    private readonly GoogleCalendar _calendar;
    private readonly Google.Calendar.CalendarService _staffService;

    private AzureSyncWorld(
        StaffMember staff, FakeTimeProvider clock, StorageTables tables, GoogleOAuthClient oauth, CalendarServiceFactory services,
        GoogleCalendar calendar, Google.Calendar.CalendarService staffService, Uri emulator)
    {
        Staff = staff;
        Clock = clock;
        var data = new TableAppointmentData(tables, clock);
        Data = data;
        Local = new StoreLocalEditor<TableAppointmentData>(data, staff.Id);
        State = new TableSyncStateStore(tables, Clock);
        _oauth = oauth;
        _services = services;
        _calendar = calendar;
        _staffService = staffService;
        StaffCalendar = new EmulatorStaffCalendar(staffService, staff.Email, emulator);
    }

    public FakeTimeProvider Clock { get; }

    public StaffMember Staff { get; }

    public IAppointmentData Data { get; }

    public ISyncStateStore State { get; }

    public ICalendar Calendar => _calendar;

    public ILocalEditor Local { get; }

    public IStaffCalendar StaffCalendar { get; }

    public static Task<AzureSyncWorld> CreateAsync(
        AzuriteFixture azurite, EmulatorFixture emulator, DateTimeOffset now, CancellationToken cancellationToken, string? scope = null) =>
        CreateAsync(azurite, emulator.BaseUri, now, cancellationToken, scope);

    /// <summary>
    /// The world on any emulator: a test that injects faults brings its own. The staff member's grant has
    /// <paramref name="scope"/> (default what CalendarSync's consent asks).
    /// </summary>
    public static async Task<AzureSyncWorld> CreateAsync(
        AzuriteFixture azurite, Uri emulatorUri, DateTimeOffset now, CancellationToken cancellationToken, string? scope = null)
    {
        var user = await EmulatorFixture.CreateUserAsync(emulatorUri, timeZone: "Europe/Berlin", scope: scope, cancellationToken: cancellationToken);
        var staff = new StaffMember("staff-" + Guid.NewGuid().ToString("N")[..12], "Sam Staff", user.Email, "Europe/Berlin");
        var vault = new InMemoryRefreshTokenStore();
        vault.Tokens[staff.Id] = user.RefreshToken;
        var options = TestSettings.Google(emulatorUri);
        var oauth = new GoogleOAuthClient(options, vault, TimeProvider.System);
        var services = new CalendarServiceFactory(options, TimeProvider.System);
        var connection = new CalendarConnection(staff.Id, staff.Email);
        var calendar = (GoogleCalendar)await new GoogleCalendarProvider(oauth, services, options, TimeProvider.System)
            .OpenAsync(connection, cancellationToken);
        var credential = await oauth.GetCredentialAsync(staff.Id, cancellationToken)
            ?? throw new InvalidOperationException("The emulator's grant did not make a credential.");
        var tables = TestTables.Create(azurite);
        return new AzureSyncWorld(staff, new FakeTimeProvider(now), tables, oauth, services, calendar, services.Create(credential), emulatorUri);
    }

    /// <summary>A calendar of the staff member's own, made through our adapter with their grant (which must allow it); its id.</summary>
    public async Task<string> CreateCalendarAsync(string summary, CancellationToken cancellationToken) =>
        (await new GoogleCalendarDirectory(_oauth, _services).CreateCalendarAsync(
            new CalendarConnection(Staff.Id, Staff.Email), summary, Staff.TimeZoneId, description: null, cancellationToken)).Id;

    /// <summary>The live events of any calendar of the staff member's, as they see it.</summary>
    public Task<IReadOnlyList<CalendarEvent>> ListLiveEventsAsync(string calendarId, CancellationToken cancellationToken) =>
        LiveEvents.ListAsync(_staffService, calendarId, cancellationToken);

    public ValueTask DisposeAsync()
    {
        _calendar.Dispose();
        _staffService.Dispose();
        _services.Dispose();
        _oauth.Dispose();
        return ValueTask.CompletedTask;
    }
}
