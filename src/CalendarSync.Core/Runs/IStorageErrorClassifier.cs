namespace CalendarSync.Core.Runs;

/// <summary>
/// Tells a store's failures from everything else: only the storage adapter knows its client library's exceptions, as only
/// the Google adapter knows Google's (which it turns into <see cref="Calendar.CalendarException"/>s).
/// </summary>
public interface IStorageErrorClassifier
{
    bool IsStorageError(Exception exception);
}
