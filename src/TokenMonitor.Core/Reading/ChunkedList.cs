using System.Collections;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace TokenMonitor.Reading;

/// <summary>
/// A list kept in chunks of at most 64 KB, so that a large file's items never land on the large object heap: a
/// List's doubling arrays there, one set per big file, made a third of all garbage collections full ones. The first
/// chunk grows as a List does, so a small file costs no more than one.
/// </summary>
internal sealed class ChunkedList<T> : IReadOnlyList<T>
{
    private static readonly int Shift = BitOperations.Log2((uint)(64 * 1024 / Math.Max(1, Unsafe.SizeOf<T>())));
    private static readonly int ChunkSize = 1 << Shift;
    private readonly List<T[]> _chunks = [new T[Math.Min(16, ChunkSize)]];

    public int Count { get; private set; }

    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
            return _chunks[index >> Shift][index & (ChunkSize - 1)];
        }
        set
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
            _chunks[index >> Shift][index & (ChunkSize - 1)] = value;
        }
    }

    public void Add(T item)
    {
        var chunk = Count >> Shift;
        var at = Count & (ChunkSize - 1);
        if (chunk == _chunks.Count)
        {
            _chunks.Add(new T[ChunkSize]);
        }
        else if (chunk == 0 && at == _chunks[0].Length)
        {
            var larger = new T[Math.Min(ChunkSize, at * 2)];
            _chunks[0].CopyTo(larger, 0);
            _chunks[0] = larger;
        }

        _chunks[chunk][at] = item;
        Count++;
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public struct Enumerator(ChunkedList<T> list) : IEnumerator<T>
    {
        private int _next;

        public T Current { get; private set; } = default!;

        readonly object? IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (_next >= list.Count) return false;
            Current = list._chunks[_next >> Shift][_next & (ChunkSize - 1)];
            _next++;
            return true;
        }

        public void Reset() => _next = 0;

        public readonly void Dispose()
        {
        }
    }
}
