namespace TokenMonitor.Reading;

/// <summary>
/// One API call read twice counts once. Records keyed by a provider id merge on that key; for Claude Code this
/// is ccusage's rule: key <c>message.id</c> + <c>requestId</c>, a sidechain copy matches on <c>message.id</c> alone
/// (sidechain replays carry a new requestId), and the better copy is the non-sidechain one, else the larger
/// token total, else the one that reports <c>speed</c>. Records without a provider id are never merged.
/// </summary>
internal static class Deduplication
{
    public static bool Applies(UsageRecord record) => record.HasProviderKey;

    public static long DedupTotal(UsageRecord r) => r.InputTokens + r.OutputTokens + r.CacheWriteTokens + r.CacheReadTokens;

    public static bool IsBetter(UsageRecord candidate, DedupEntry current)
    {
        if (candidate.IsSidechain != current.IsSidechain) return !candidate.IsSidechain;
        var total = DedupTotal(candidate);
        if (total != current.Total) return total > current.Total;
        return candidate.Speed is not null && !current.HasSpeed;
    }
}

/// <summary>What dedup needs to remember of a kept copy; small, because one is held per distinct call.</summary>
internal readonly record struct DedupEntry(long Total, bool IsSidechain, bool HasSpeed, int Position)
{
    public static DedupEntry Of(UsageRecord r, int position) =>
        new(Deduplication.DedupTotal(r), r.IsSidechain, r.Speed is not null, position);
}

/// <summary>Finds the kept copy a new record collides with, by exact key or, for sidechains, by message id.</summary>
internal sealed class DedupIndex
{
    private readonly Dictionary<string, DedupEntry> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _keyByMessage = new(StringComparer.Ordinal);

    public int Count => _byKey.Count;

    public bool TryFind(UsageRecord record, out string key, out DedupEntry entry)
    {
        if (_byKey.TryGetValue(record.Key, out entry))
        {
            key = record.Key;
            return true;
        }

        if (record.MessageId is not null && _keyByMessage.TryGetValue(record.MessageId, out key!) && _byKey.TryGetValue(key, out entry)
            && (record.IsSidechain || entry.IsSidechain))
        {
            return true;
        }

        key = "";
        return false;
    }

    public void Add(UsageRecord record, int position)
    {
        _byKey[record.Key] = DedupEntry.Of(record, position);
        if (record.MessageId is not null) _keyByMessage.TryAdd(record.MessageId, record.Key);
    }

    /// <summary>The better copy takes the slot of the one it beat, keeping the first copy's place in the order.</summary>
    public void Replace(string key, UsageRecord record, int position)
    {
        _byKey[key] = DedupEntry.Of(record, position);
    }
}
