using TokenMonitor.Reading;

namespace TokenMonitor.Store;

/// <summary>
/// Save-UsageRecord's side of an incremental import: counts the records it receives per file, and releases a file's
/// progress once it has received every record the import handed on for that file, so the progress is committed in
/// the batch that holds the last of them. A Save that misses records of a file (a Where-Object or a failure
/// upstream), or that saves to another store than the import planned against, never commits that file's progress:
/// the next incremental import reads the file again, which is always safe, since the store keeps each key once.
/// </summary>
public sealed class FileProgressTally(StoreLocation store)
{
    private readonly Dictionary<FileDelivery, long> _received = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<FileDelivery> _released = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<FileDelivery> _announced = new(ReferenceEqualityComparer.Instance);

    /// <summary>Counts <paramref name="record"/>; adds to <paramref name="ready"/> the progress of files it completes.</summary>
    public void Receive(UsageRecord record, ICollection<FileProgress> ready)
    {
        if (record.Delivery is { } own)
        {
            _received[own] = _received.GetValueOrDefault(own) + 1;
            Release(own, ready);
        }

        if (record.Completes is { } completes)
        {
            foreach (var file in completes) Release(file, ready);
        }
    }

    /// <summary>Files whose reading was complete but whose progress is not committed: not every record reached this Save, or another store planned them.</summary>
    public IEnumerable<string> Withheld => _announced.Where(f => !_released.Contains(f)).Select(f => f.Path);

    private void Release(FileDelivery file, ICollection<FileProgress> ready)
    {
        if (!file.Done) return;
        _announced.Add(file);
        if (_received.GetValueOrDefault(file) != file.Records || !string.Equals(file.Store, store.ConnectionString, StringComparison.Ordinal)) return;
        if (_released.Add(file)) ready.Add(IncrementalImport.Progress(file.Path, file.Resume));
    }
}
