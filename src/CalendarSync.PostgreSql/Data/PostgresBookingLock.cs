using CalendarSync.Core.Data;
using Npgsql;

namespace CalendarSync.PostgreSql.Data;

/// <summary>
/// The booking lock in PostgreSQL: a transaction-scoped advisory lock on the staff member's id, taken on a connection of its
/// own and held until that transaction ends (the same lock as the README's booking SQL, so a booking the business makes
/// in SQL and a guarded one through the data API wait for each other), so it holds across every instance of the app using the database and goes
/// with the connection if the holder dies. The booking's own write commits on another connection before the lock goes.
/// </summary>
public sealed class PostgresBookingLock(NpgsqlDataSource dataSource) : IBookingLock
{
    public async Task<IAsyncDisposable> HoldAsync(string staffId, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var timeout = new NpgsqlCommand("SELECT set_config('lock_timeout', $1, true)", connection, transaction))
            {
                timeout.Parameters.Add(new NpgsqlParameter { Value = $"{(int)IBookingLock.MaxWait.TotalMilliseconds}ms" });
                await timeout.ExecuteNonQueryAsync(cancellationToken);
            }

            // The README's lock for the business's own bookings in SQL: theirs and ours wait for each other.
            await using (var take = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('calendar_sync.booking'), hashtext($1))", connection, transaction))
            {
                take.Parameters.Add(new NpgsqlParameter { Value = staffId });
                await take.ExecuteNonQueryAsync(cancellationToken);
            }

            return new Held(connection, transaction);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            await connection.DisposeAsync();
            throw new AvailabilityUnknownException(
                $"Another booking of staff member '{staffId}' held the booking lock for more than {IBookingLock.MaxWait.TotalSeconds} s; try again.", ex);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class Held(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                // Nothing was written in it: ending it gives the lock back.
                await transaction.RollbackAsync(CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // The session ended under it (the server restarted, the connection broke): the lock went with it.
            }
            finally
            {
                await transaction.DisposeAsync();
                await connection.DisposeAsync();
            }
        }
    }
}
