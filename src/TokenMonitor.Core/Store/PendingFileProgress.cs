namespace TokenMonitor.Store;

/// <summary>
/// Where Import-UsageLog -Incremental leaves the progress of each file it has handed on whole, for the
/// Save-UsageRecord that stores those records to commit in the same transaction as its next batch. A file's
/// records reach the saver before its progress is left here (the pipeline hands each record on at once), so
/// progress committed with a batch never covers a record that is not stored. Progress nobody commits (a
/// pipeline without Save-UsageRecord) is simply not remembered: the next run reads those files again.
/// </summary>
public static class PendingFileProgress
{
    private static readonly object Gate = new();
    private static readonly Dictionary<string, Dictionary<string, FileProgress>> ByStore = new(StringComparer.Ordinal);

    public static void Add(StoreLocation store, FileProgress progress)
    {
        lock (Gate)
        {
            if (!ByStore.TryGetValue(store.ConnectionString, out var files)) ByStore[store.ConnectionString] = files = new(StringComparer.Ordinal);
            files[progress.Path] = progress;
        }
    }

    /// <summary>Everything waiting for <paramref name="store"/>, removed from the waiting list.</summary>
    public static IReadOnlyCollection<FileProgress> Take(StoreLocation store)
    {
        lock (Gate)
        {
            return ByStore.Remove(store.ConnectionString, out var files) ? files.Values : [];
        }
    }

    /// <summary>Puts back progress whose batch failed to commit, unless newer progress for the file arrived meanwhile.</summary>
    public static void Return(StoreLocation store, IEnumerable<FileProgress> progress)
    {
        lock (Gate)
        {
            if (!ByStore.TryGetValue(store.ConnectionString, out var files)) ByStore[store.ConnectionString] = files = new(StringComparer.Ordinal);
            foreach (var p in progress) files.TryAdd(p.Path, p);
        }
    }
}
