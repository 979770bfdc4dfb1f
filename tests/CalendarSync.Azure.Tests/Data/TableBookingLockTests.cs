using Azure.Data.Tables;
using CalendarSync.Azure.Data;
using CalendarSync.Azure.Tests.Storage;
using CalendarSync.Core.Tests.Data;
using CalendarSync.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Azure.Tests.Data;

public sealed class TableBookingLockTests(AzuriteFixture azurite)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HoldAsync_ManyAtOnceOnTwoInstances_OneHolderAtATime()
    {
        var tables = TestTables.Create(azurite);

        await BookingLockContract.OneHolderAtATimeAcrossInstancesAsync(
            new TableBookingLock(tables, TimeProvider.System), new TableBookingLock(tables, TimeProvider.System), Cancel);
    }

    [Fact]
    public async Task HoldAsync_AnotherStaffMember_IsNotHeldUp() =>
        await BookingLockContract.StaffMembersApartAsync(new TableBookingLock(TestTables.Create(azurite), TimeProvider.System), Cancel);

    [Fact]
    public async Task HoldAsync_AHolderThatDied_IsTakenOverOnceItsRowExpiresAndItsLateReleaseTakesNothing()
    {
        var tables = TestTables.Create(azurite);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var later = new FakeTimeProvider(clock.GetUtcNow() + TableBookingLock.HoldFor + TimeSpan.FromSeconds(1));

        var died = await new TableBookingLock(tables, clock).HoldAsync("s-1", Cancel);
        await using var next = await new TableBookingLock(tables, later).HoldAsync("s-1", Cancel);
        await died.DisposeAsync();

        var table = await tables.GetAsync(Azure.Storage.StorageTables.AppointmentData, Cancel);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableAppointmentData.StaffPartition("s-1"), "guard", cancellationToken: Cancel);
        Assert.True(row.HasValue, "the late release of the holder that died removed the new holder's row");
        Assert.Equal(later.GetUtcNow() + TableBookingLock.HoldFor, row.Value!.GetDateTimeOffset("HeldUntil"));
    }
}
