using CalendarSync.Core.Runs;
using Npgsql;

namespace CalendarSync.PostgreSql;

/// <summary>
/// The database's failures (unreachable, restarting, a statement refused) come as <see cref="NpgsqlException"/>: the store's
/// side, so the run fails as a storage error and the queue retries it.
/// </summary>
public sealed class PostgresErrorClassifier : IStorageErrorClassifier
{
    public bool IsStorageError(Exception exception) => exception is NpgsqlException;
}
