using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Fakes;

namespace CalendarSync.Core.Tests.Connections;

public sealed class ConnectionControlTests
{
    private readonly InMemoryFunctionPorts _store = new(TimeProvider.System);
    private readonly ConnectionControl _control;

    public ConnectionControlTests() => _control = new ConnectionControl(_store);

    [Fact]
    public async Task PauseAsync_ActiveConnection_LeavesTheSweepsListUntilResumed()
    {
        await ConnectAsync("ann", ConnectionStatus.Active);
        await ConnectAsync("ben", ConnectionStatus.Active);

        var paused = await _control.PauseAsync("ann", TestContext.Current.CancellationToken);
        var whilePaused = await EnabledAsync();
        var resumed = await _control.ResumeAsync("ann", TestContext.Current.CancellationToken);

        Assert.Equal(ConnectionStatus.Paused, paused!.Connection.Status);
        Assert.Equal(["ben"], whilePaused);
        Assert.Equal(ConnectionStatus.Active, resumed!.Connection.Status);
        Assert.Equal(["ann", "ben"], await EnabledAsync());
    }

    [Theory]
    [InlineData(ConnectionStatus.ReauthRequired)]
    [InlineData(ConnectionStatus.Disabled)]
    public async Task PauseAsync_ConnectionThatDoesNotSync_IsRefusedAndUnchanged(ConnectionStatus status)
    {
        await ConnectAsync("ann", status);

        var refused = await Assert.ThrowsAsync<DomainValidationException>(() => _control.PauseAsync("ann", TestContext.Current.CancellationToken));
        var resumeRefused = await Assert.ThrowsAsync<DomainValidationException>(() => _control.ResumeAsync("ann", TestContext.Current.CancellationToken));

        Assert.Equal(("staffId", "staffId"), (refused.Field, resumeRefused.Field));
        Assert.Equal(status, (await _store.GetAsync("ann", TestContext.Current.CancellationToken))!.Connection.Status);
    }

    [Fact]
    public async Task SetDirectionAsync_KeepsStatusAndLastRun()
    {
        await ConnectAsync("ann", ConnectionStatus.Error);

        var changed = await _control.SetDirectionAsync("ann", SyncDirection.PullOnly, TestContext.Current.CancellationToken);

        Assert.Equal((SyncDirection.PullOnly, ConnectionStatus.Error, SyncOutcome.Failed),
            (changed!.Connection.Direction, changed.Connection.Status, changed.Connection.LastOutcome));
    }

    [Fact]
    public async Task Changes_UnknownStaff_AnswerNull()
    {
        Assert.Null(await _control.PauseAsync("nobody", TestContext.Current.CancellationToken));
        Assert.Null(await _control.SetDirectionAsync("nobody", SyncDirection.PushOnly, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("pushonly", SyncDirection.PushOnly)]
    [InlineData("Bidirectional", SyncDirection.Bidirectional)]
    public void ParseDirection_Names_InAnyCase(string text, SyncDirection expected) =>
        Assert.Equal(expected, ConnectionControl.ParseDirection(text));

    [Theory]
    [InlineData("1")]
    [InlineData("sideways")]
    [InlineData(null)]
    public void ParseDirection_AnythingElse_IsRefusedNamingTheField(string? text) =>
        Assert.Equal("direction", Assert.Throws<DomainValidationException>(() => ConnectionControl.ParseDirection(text)).Field);

    private Task<ConnectionRecord> ConnectAsync(string staffId, ConnectionStatus status) =>
        _store.SaveAsync(new ConnectionRecord
        {
            Connection = new CalendarConnection(staffId, $"{staffId}@example.com", status: status) { LastOutcome = SyncOutcome.Failed },
            TimeZoneId = "Europe/Berlin",
            Email = $"{staffId}@example.com",
        }, TestContext.Current.CancellationToken);

    private async Task<List<string>> EnabledAsync() =>
        [.. (await _store.ListEnabledAsync(null, 100, TestContext.Current.CancellationToken)).Items.Select(c => c.StaffId).Order(StringComparer.Ordinal)];
}
