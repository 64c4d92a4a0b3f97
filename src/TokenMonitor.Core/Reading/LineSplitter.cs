using System.Runtime.CompilerServices;
using System.Buffers;

namespace TokenMonitor.Reading;

/// <summary>
/// Splits a UTF-8 stream into lines over one pooled buffer that grows only for long lines, so a
/// gigabyte file is read without a string per line. A UTF-8 byte order mark is dropped; CRLF is accepted.
/// </summary>
internal sealed class LineSplitter : IDisposable
{
    /// <summary>Lines longer than this are reported and skipped rather than held in memory.</summary>
    public const int DefaultMaxLineBytes = 256 * 1024 * 1024;

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private bool _first = true;
    private int _lineStart;
    private int _lineLength;

    /// <param name="firstLineNumber">Lines already behind the stream's start (a file resumed mid-way), so numbers stay the file's.</param>
    public LineSplitter(Stream stream, int initialBuffer = 1 << 16, int maxLineBytes = DefaultMaxLineBytes, long firstLineNumber = 0)
    {
        _stream = stream;
        LineNumber = firstLineNumber;
        _first = firstLineNumber == 0;
        MaxLineBytes = Math.Max(maxLineBytes, initialBuffer);
        _buffer = ArrayPool<byte>.Shared.Rent(initialBuffer);
    }

    public int MaxLineBytes { get; }

    public long LineNumber { get; private set; }

    /// <summary>Bytes handed out as lines so far, terminators included; drives progress.</summary>
    public long BytesConsumed { get; private set; }

    /// <summary>The current line had no terminator because the file ended: a writer may have been cut off.</summary>
    public bool CurrentLineUnterminated { get; private set; }

    /// <summary>The current line exceeded <see cref="MaxLineBytes"/>; its bytes were skipped.</summary>
    public bool CurrentLineTooLong { get; private set; }

    public ReadOnlySpan<byte> Current => _buffer.AsSpan(_lineStart, _lineLength);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool MoveNext()
    {
        CurrentLineUnterminated = false;
        CurrentLineTooLong = false;
        var scanned = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = scanned + newline;
                if (length > MaxLineBytes)
                {
                    Skip(length + 1);
                    return true;
                }

                Emit(_start, length, length + 1);
                return true;
            }

            scanned = _end - _start;
            if (_eof)
            {
                if (scanned == 0) return false;
                if (scanned > MaxLineBytes)
                {
                    Skip(scanned);
                    return true;
                }

                CurrentLineUnterminated = true;
                Emit(_start, scanned, scanned);
                return true;
            }

            if (!Fill())
            {
                return SkipLongLine();
            }
        }
    }

    private void Emit(int start, int length, int consumed)
    {
        LineNumber++;
        var lineStart = start;
        if (_first)
        {
            _first = false;
            if (length >= 3 && _buffer[start] == 0xEF && _buffer[start + 1] == 0xBB && _buffer[start + 2] == 0xBF)
            {
                lineStart += 3;
                length -= 3;
            }
        }

        if (length > 0 && _buffer[lineStart + length - 1] == (byte)'\r') length--;
        _lineStart = lineStart;
        _lineLength = length;
        _start = start + consumed;
        BytesConsumed += consumed;
    }

    /// <summary>Reads more bytes; false when the line in progress would exceed the limit.</summary>
    private bool Fill()
    {
        if (_start > 0 && _start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else
            {
                // Room for a line of exactly the limit and its newline; anything longer is skipped unread.
                if (_buffer.Length > MaxLineBytes) return false;
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, MaxLineBytes + 1));
                Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _eof = true;
        _end += read;
        return true;
    }

    /// <summary>An over-long line that happens to fit the buffer: counted and skipped like one that did not.</summary>
    private void Skip(int consumed)
    {
        LineNumber++;
        BytesConsumed += consumed;
        _first = false;
        _start += consumed;
        _lineStart = 0;
        _lineLength = 0;
        CurrentLineTooLong = true;
    }

    /// <summary>Discards the rest of an over-long line without holding it, then reports it as one line.</summary>
    private bool SkipLongLine()
    {
        long skipped = _end - _start;
        _start = _end = 0;
        while (true)
        {
            var read = _stream.Read(_buffer, 0, _buffer.Length);
            if (read == 0)
            {
                _eof = true;
                break;
            }

            var newline = _buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                skipped += newline + 1;
                _start = newline + 1;
                _end = read;
                break;
            }

            skipped += read;
        }

        LineNumber++;
        BytesConsumed += skipped;
        _first = false;
        _lineStart = 0;
        _lineLength = 0;
        CurrentLineTooLong = true;
        return true;
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
}
