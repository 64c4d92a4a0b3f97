using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

    public static bool IsBetter(UsageRecord candidate, DedupEntry current) =>
        IsBetter(candidate.IsSidechain, DedupTotal(candidate), candidate.Speed is not null, current);

    public static bool IsBetter(bool sidechain, long total, bool hasSpeed, DedupEntry current)
    {
        if (sidechain != current.IsSidechain) return !sidechain;
        if (total != current.Total) return total > current.Total;
        return hasSpeed && !current.HasSpeed;
    }
}

/// <summary>What dedup needs to remember of a kept copy; small, because one is held per distinct call.</summary>
internal readonly record struct DedupEntry(long Total, bool IsSidechain, bool HasSpeed, int Position)
{
    public static DedupEntry Of(UsageRecord r, int position) =>
        new(Deduplication.DedupTotal(r), r.IsSidechain, r.Speed is not null, position);
}

/// <summary>
/// Finds the kept copy a new record collides with, by exact key or, for sidechains, by message id. Keys are held
/// as 64-bit XxHash3 digests rather than strings: a file's few thousand calls cost kilobytes, and two distinct
/// calls of one file share a digest with a chance far below one in a billion.
/// </summary>
internal sealed class DedupIndex
{
    private readonly Dictionary<ulong, DedupEntry> _byKey = [];
    private readonly Dictionary<ulong, ulong> _keyByMessage = [];

    public int Count => _byKey.Count;

    // One spare per reading thread: a file's tables, cleared, serve the next file (cleared tables keep their capacity).
    [ThreadStatic]
    private static DedupIndex? t_spare;

    public static DedupIndex Rent()
    {
        var spare = t_spare;
        t_spare = null;
        return spare ?? new DedupIndex();
    }

    public void Return()
    {
        // A huge file's tables are left to the collector rather than held for the thread's lifetime.
        if (_byKey.Count > 100_000) return;
        _byKey.Clear();
        _keyByMessage.Clear();
        t_spare = this;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryFind(UsageRecord record, out ulong key, out DedupEntry entry)
    {
        key = ExactKey(record);
        if (_byKey.TryGetValue(key, out entry)) return true;
        if (record.MessageId is not null && _keyByMessage.TryGetValue(MessageKey(record), out var first)
            && _byKey.TryGetValue(first, out entry) && (record.IsSidechain || entry.IsSidechain))
        {
            key = first;
            return true;
        }

        return false;
    }

    /// <summary>Adds a record whose exact key <see cref="TryFind"/> just computed.</summary>
    public void Add(UsageRecord record, ulong key, int position)
    {
        _byKey[key] = DedupEntry.Of(record, position);
        if (record.MessageId is not null) _keyByMessage.TryAdd(MessageKey(record), key);
    }

    /// <summary>
    /// The better copy takes the slot of the one it beat, keeping the first copy's place in the order, and is
    /// found by its own key from now on too (a sidechain copy it beat had another requestId).
    /// </summary>
    public void Replace(ulong key, UsageRecord record, int position)
    {
        var entry = DedupEntry.Of(record, position);
        _byKey[key] = entry;
        _byKey[ExactKey(record)] = entry;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ulong ExactKey(UsageRecord r) => r.DedupHash ??= ComputeExactKey(r);

    internal static ulong MessageKey(UsageRecord r) => r.MessageHash ??= Hash(r.MessageId!);

    private static ulong ComputeExactKey(UsageRecord r) => r.KeyPrefix == "claude"
        ? ExactKey(r.KeyPrefix, r.MessageId, r.RequestId)
        : ExactKey(r.KeyPrefix, r.ProviderId, null);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ulong ExactKey(string? prefix, string? a, string? b)
    {
        Span<char> buffer = stackalloc char[256];
        return System.IO.Hashing.XxHash3.HashToUInt64(MemoryMarshal.AsBytes(Compose(buffer, prefix, a, b)));
    }

    /// <summary>The entry kept under an exact key, if any.</summary>
    public bool TryGet(ulong key, out DedupEntry entry) => _byKey.TryGetValue(key, out entry);

    /// <summary>prefix, a and b joined by a separator no id contains, without allocating for ordinary ids.</summary>
    private static ReadOnlySpan<char> Compose(Span<char> buffer, string? prefix, string? a, string? b)
    {
        var length = (prefix?.Length ?? 0) + (a?.Length ?? 0) + (b?.Length ?? 0) + 2;
        var target = length <= buffer.Length ? buffer : new char[length];
        prefix.AsSpan().CopyTo(target);
        var at = prefix?.Length ?? 0;
        target[at++] = '\u0001';
        a.AsSpan().CopyTo(target[at..]);
        at += a?.Length ?? 0;
        target[at++] = '\u0001';
        b.AsSpan().CopyTo(target[at..]);
        return target[..(at + (b?.Length ?? 0))];
    }

    internal static ulong Hash(string text) => System.IO.Hashing.XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text.AsSpan()));
}

/// <summary>
/// The run-level memory of calls already handed on: only whether a key was seen and whether its copy was a
/// sidechain, held as 64-bit XxHash3 digests in <see cref="DigestTable"/>s (a million calls in about 32 MB).
/// </summary>
internal sealed class SeenCalls
{
    private readonly DigestTable _keys = new();
    private readonly SidechainReplays _replays = new();

    /// <summary>True, and remembered, when the call is new; false for a copy of one already seen.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Add(UsageRecord record)
    {
        var exact = DedupIndex.ExactKey(record);
        if (_keys.TryGet(exact, out _)) return false;
        if (_replays.IsReplay(record)) return false;
        _keys.TryAdd(exact);
        return true;
    }

    /// <summary>Fetches the slots a later <see cref="Add"/> of this record will read, when its digests are known already.</summary>
    public void Prefetch(UsageRecord record)
    {
        if (record.DedupHash is { } exact) _keys.Prefetch(exact);
        if (record.MessageHash is { } message) _replays.Prefetch(message);
    }
}

/// <summary>
/// A subagent replays its parent's message under a new request id: the same message id seen again with one of the
/// two copies in a sidechain is one call, as ccusage counts it. Shared by the reader and the live tail.
/// </summary>
internal sealed class SidechainReplays
{
    private readonly DigestTable _sidechainByMessage = new();

    public void Prefetch(ulong message) => _sidechainByMessage.Prefetch(message);

    /// <summary>True for a replay of a message already seen; otherwise the message is remembered.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool IsReplay(UsageRecord record)
    {
        if (record.MessageId is null) return false;
        var message = DedupIndex.MessageKey(record);
        if (_sidechainByMessage.TryGet(message, out var wasSidechain)) return wasSidechain || record.IsSidechain;
        _sidechainByMessage.TryAdd(message, record.IsSidechain);
        return false;
    }
}
