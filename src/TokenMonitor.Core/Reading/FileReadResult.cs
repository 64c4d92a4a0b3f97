using System.Runtime.CompilerServices;
namespace TokenMonitor.Reading;

/// <summary>One file's records and issues in file order, with Claude Code copies inside the file already resolved.</summary>
internal sealed class FileReadResult(string path, ReadOptions? options = null)
{
    private readonly bool _keepDuplicates = options?.IncludeDuplicates ?? false;

    public ReadOptions Options { get; } = options ?? ReadOptions.Default;

    private readonly ChunkedList<ReadItem> _items = new();
    private DedupIndex? _dedup;

    // Rented from the reading thread's spare, so a big file's dedup tables are not allocated again for the next file.
    private DedupIndex Dedup => _dedup ??= DedupIndex.Rent();

    /// <summary>Hands the dedup tables back to this thread once the file is read whole; later adds would rent again.</summary>
    public void ReleaseDedup()
    {
        _dedup?.Return();
        _dedup = null;
    }

    public string Path { get; } = path;

    /// <summary>What an incremental import remembers of the file as read: null for objects handed over, which are no file.</summary>
    public FileResume? Resume { get; set; }
    public long Bytes { get; set; }
    public int DuplicatesInFile { get; private set; }

    /// <summary>Well-formed entries that are not billed calls (failed batch requests), by reason.</summary>
    public Dictionary<string, int> NotBilled { get; } = new(StringComparer.Ordinal);

    public void CountNotBilled(string reason) => NotBilled[reason] = NotBilled.GetValueOrDefault(reason) + 1;
    public ChunkedList<ReadItem> Items => _items;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadIssue issue) => _items.Add(new ReadItem(null, issue));

    /// <summary>
    /// A Claude Code line that repeats a call already kept in this file, and is no better than it: counted as a copy
    /// without a record being built (two in three usage lines of a session are such copies).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool IsRedundantCopy(ref RawEntry e, out ulong? key)
    {
        key = null;
        if (_keepDuplicates || e.MessageId is null || !e.HasMessageUsage || e.IsAnthropicBatch) return false;
        key = DedupIndex.ExactKey("claude", e.MessageId, e.RequestId);
        if (!Dedup.TryGet(key.Value, out var kept)) return false;
        var u = e.MessageUsage;
        var total = (u.InputTokens ?? 0) + (u.OutputTokens ?? 0) + u.AnthropicCacheWrites + (u.CacheReadInputTokens ?? 0);
        if (Deduplication.IsBetter(e.IsSidechain, total, u.Speed is not null, kept)) return false;
        DuplicatesInFile++;
        return true;
    }

    /// <summary>The time a record gets when its source carries none (the file's last write, or the moment an object is read).</summary>
    public DateTimeOffset? FileTime { get; set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(UsageRecord record)
    {
        // Such a time says nothing about the call and changes whenever the file is written: the key leaves it out.
        if (!record.HasProviderKey && FileTime is { } fileTime && record.Timestamp == fileTime) record.TimeFromFile = true;
        if (!Deduplication.Applies(record))
        {
            _items.Add(new ReadItem(record, null));
            return;
        }

        if (Dedup.TryFind(record, out var key, out var kept))
        {
            DuplicatesInFile++;
            var loser = record;
            if (Deduplication.IsBetter(record, kept))
            {
                loser = _items[kept.Position].Record!;
                _items[kept.Position] = new ReadItem(record, null);
                Dedup.Replace(key, record, kept.Position);
            }

            // -IncludeDuplicates shows the merged copies too, marked, after the kept ones they copy.
            if (_keepDuplicates)
            {
                loser.IsDuplicate = true;
                _items.Add(new ReadItem(loser, null));
            }

            return;
        }

        Dedup.Add(record, key, _items.Count);
        _items.Add(new ReadItem(record, null));
    }
}
