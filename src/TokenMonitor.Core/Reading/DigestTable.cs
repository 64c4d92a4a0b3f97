using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
namespace TokenMonitor.Reading;

/// <summary>
/// 64-bit digests, each with one flag bit, in a single open-addressed array. A lookup touches one cache line where
/// HashSet's buckets and entries touch two; with a million calls the tables no longer fit in cache, and those misses
/// on the one thread that hands records on in order were most of the run-level dedup's cost.
/// </summary>
/// <remarks>
/// The flag takes a digest's lowest bit, so digests are compared on their other 63 bits: with a million calls, two
/// distinct calls still share one with a chance of about one in eighteen million. 0 marks an empty slot.
/// </remarks>
internal sealed class DigestTable
{
    private const ulong FlagBit = 1;
    private ulong[] _slots = new ulong[1 << 10];
    private int _count;

    public int Count => _count;

    /// <summary>True, with the flag stored with it, when the digest is in the table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGet(ulong digest, out bool flag)
    {
        var key = Key(digest);
        var mask = _slots.Length - 1;
        for (var at = Home(key, mask); ; at = (at + 1) & mask)
        {
            var slot = _slots[at];
            if (slot == 0) break;
            if ((slot & ~FlagBit) == key)
            {
                flag = (slot & FlagBit) != 0;
                return true;
            }
        }

        flag = false;
        return false;
    }

    /// <summary>Adds the digest with its flag; false, and the first flag kept, when it is already there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryAdd(ulong digest, bool flag = false)
    {
        if ((_count + 1) * 2 > _slots.Length) Grow();
        return Insert(_slots, Key(digest) | (flag ? FlagBit : 0)) && ++_count > 0;
    }

    /// <summary>
    /// Asks the CPU to fetch the digest's first slot into cache ahead of a lookup: records are handed on from a file
    /// already read, so the next ones' digests are known, and their misses overlap instead of stalling one by one.
    /// </summary>
    public unsafe void Prefetch(ulong digest)
    {
        if (!Sse.IsSupported) return;
        var slots = _slots;
        Sse.Prefetch0(Unsafe.AsPointer(ref slots[Home(Key(digest), slots.Length - 1)]));
    }

    private static bool Insert(ulong[] slots, ulong entry)
    {
        var key = entry & ~FlagBit;
        var mask = slots.Length - 1;
        for (var at = Home(key, mask); ; at = (at + 1) & mask)
        {
            var slot = slots[at];
            if (slot == 0)
            {
                slots[at] = entry;
                return true;
            }

            if ((slot & ~FlagBit) == key) return false;
        }
    }

    private void Grow()
    {
        var larger = new ulong[_slots.Length * 2];
        foreach (var slot in _slots)
        {
            if (slot != 0) Insert(larger, slot);
        }

        _slots = larger;
    }

    // The flag bit is cleared; a digest whose other bits are all zero would read as empty, so it becomes 2.
    private static ulong Key(ulong digest) => (digest & ~FlagBit) is var key && key == 0 ? 2 : key;

    private static int Home(ulong key, int mask) => (int)(key >> 1) & mask;
}
