using Azure;
using Azure.Data.Tables;
using CalendarSync.Azure.Storage;
using CalendarSync.Core.Data;

namespace CalendarSync.Azure.Data;

/// <summary>
/// The booking lock on Table Storage: a guard row (<c>guard</c>) in the staff member's partition of <c>AppointmentData</c>,
/// taken by adding it (refused with 409 when another instance added it first) or, once expired, by replacing it at the ETag
/// read (412 when another got in between), and given back by deleting it at the ETag written. A holder that died leaves a
/// row that expires after <see cref="HoldFor"/>, well beyond the longest check (Google's budget and a few store round trips).
/// </summary>
public sealed class TableBookingLock(StorageTables tables, TimeProvider time) : IBookingLock
{
    /// <summary>How long a taken lock stays taken if its holder never gives it back.</summary>
    public static readonly TimeSpan HoldFor = TimeSpan.FromSeconds(60);

    private const string GuardRow = "guard";
    private const string HeldUntil = "HeldUntil";

    private static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(200);

    public async Task<IAsyncDisposable> HoldAsync(string staffId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(StorageTables.AppointmentData, cancellationToken);
        var partition = TableAppointmentData.StaffPartition(staffId);
        var giveUpAt = time.GetUtcNow() + IBookingLock.MaxWait;
        var poll = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            if (await TryTakeAsync(table, partition, cancellationToken) is { } etag)
            {
                return new Held(table, partition, etag);
            }

            if (time.GetUtcNow() >= giveUpAt)
            {
                throw new AvailabilityUnknownException(
                    $"Another booking of staff member '{staffId}' held the booking lock for more than {IBookingLock.MaxWait.TotalSeconds} s; try again.");
            }

            // Jittered, so that the waiters of one staff member do not all come back at once.
            await Task.Delay(poll + TimeSpan.FromMilliseconds(Random.Shared.Next(10)), time, cancellationToken);
            poll = poll * 2 < MaxPoll ? poll * 2 : MaxPoll;
        }
    }

    /// <summary>The ETag of the guard row this call wrote, or null while another holds it.</summary>
    private async Task<ETag?> TryTakeAsync(TableClient table, string partition, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var row = new TableEntity(partition, GuardRow) { [HeldUntil] = now + HoldFor };
        try
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(partition, GuardRow, [HeldUntil], cancellationToken);
            if (!current.HasValue)
            {
                return (await table.AddEntityAsync(row, cancellationToken)).Headers.ETag;
            }

            if (current.Value!.GetDateTimeOffset(HeldUntil) is { } until && until > now)
            {
                return null;
            }

            return (await table.UpdateEntityAsync(row, current.Value.ETag, TableUpdateMode.Replace, cancellationToken)).Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    private sealed class Held(TableClient table, string partition, ETag etag) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await table.DeleteEntityAsync(partition, GuardRow, etag, CancellationToken.None);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Expired and taken by another booking meanwhile: that one's to give back now.
            }
        }
    }
}
