using System.IO.Compression;
using System.Text;

namespace TokenMonitor.Reading;

/// <summary>
/// A log file's text as UTF-8 bytes, whatever it was stored as: gzip and Zstandard are decompressed as they are read, and UTF-16
/// or UTF-32 (named by -Encoding, or announced by a byte order mark) or any other encoding is transcoded. The first
/// bytes are kept at hand so that the format can be decided before the reading starts.
/// </summary>
internal sealed class LogContent : IDisposable
{
    private const int HeadBytes = 4096;
    private readonly Stream _stream;
    private readonly FileStream _file;
    private readonly CountingStream? _decompressed;

    private LogContent(Stream stream, byte[] head, FileStream file, CountingStream? decompressed, bool plain)
    {
        _stream = stream;
        Head = head;
        _file = file;
        _decompressed = decompressed;
        IsPlainUtf8 = plain;
    }

    /// <summary>The text is the file's bytes as they are (neither decompressed nor transcoded): offsets in it are file offsets.</summary>
    public bool IsPlainUtf8 { get; }

    /// <summary>The first few kilobytes of the UTF-8 text (also still in <see cref="Stream"/>).</summary>
    public byte[] Head { get; }

    public Stream Stream => _stream;

    public static LogContent Open(FileStream file, string path, Encoding? encoding)
    {
        var decompressed = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new CountingStream(new GZipStream(file, CompressionMode.Decompress, leaveOpen: true))
            : null;

        // Codex compresses rollouts it no longer writes to with Zstandard (rollout-*.jsonl.zst).
        Stream? zstd = path.EndsWith(".zst", StringComparison.OrdinalIgnoreCase) ? new ZstdSharp.DecompressionStream(file, leaveOpen: true) : null;
        Stream stream = decompressed ?? zstd ?? new PrefixedStream([], file, leaveOpen: true);
        var head = ReadHead(stream);
        encoding ??= head switch
        {
            [0xFF, 0xFE, 0x00, 0x00, ..] => Encoding.UTF32,
            [0x00, 0x00, 0xFE, 0xFF, ..] => new UTF32Encoding(bigEndian: true, byteOrderMark: true),
            [0xFF, 0xFE, ..] => Encoding.Unicode,
            [0xFE, 0xFF, ..] => Encoding.BigEndianUnicode,
            _ => null,
        };
        stream = new PrefixedStream(head, stream);
        var transcoded = encoding is not null && encoding.CodePage != Encoding.UTF8.CodePage;
        if (encoding is not null && transcoded)
        {
            stream = Encoding.CreateTranscodingStream(stream, encoding, Encoding.UTF8);
            head = ReadHead(stream);
            stream = new PrefixedStream(head, stream);
        }

        return new LogContent(stream, head, file, decompressed, decompressed is null && zstd is null && !transcoded);
    }

    /// <summary>
    /// .NET stops quietly at the end of a cut-off gzip stream; the gzip trailer's ISIZE (the text's length modulo
    /// 2^32, RFC 1952) tells a whole file from one whose writer was stopped. Null when whole.
    /// </summary>
    public string? Incomplete()
    {
        // Only a file read to its end can be judged; a reader that stopped early (a CSV without token columns) says nothing.
        if (_decompressed is not { ReachedEnd: true } || !_file.CanSeek) return null;
        if (_file.Length < 18) return "the gzip file is cut off before its first block ends";
        Span<byte> trailer = stackalloc byte[4];
        _file.Position = _file.Length - 4;
        _file.ReadExactly(trailer);
        var size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer);

        // A file of several gzip members (cat a.gz b.gz, bgzip) ends with the last member's size, smaller than the
        // whole; the bytes where a cut-off file's trailer should be are arbitrary, and nearly always say more.
        var total = (uint)_decompressed.Count;
        return size == total || (_decompressed.Count < uint.MaxValue && size < total) ? null
            : $"the gzip file is cut off or damaged: {_decompressed.Count:N0} bytes decompressed, its trailer says {size:N0}";
    }

    /// <summary>The whole text when it is at most <paramref name="limit"/> bytes; otherwise null, and the stream still reads from the start.</summary>
    public byte[]? ReadAll(long limit, out Stream rest)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = _stream.Read(chunk)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                rest = new PrefixedStream(buffer.ToArray(), _stream);
                return null;
            }
        }

        rest = Stream.Null;
        return buffer.ToArray();
    }

    private static byte[] ReadHead(Stream stream)
    {
        var head = new byte[HeadBytes];
        var total = 0;
        int read;
        while (total < head.Length && (read = stream.Read(head, total, head.Length - total)) > 0) total += read;
        return head[..total];
    }

    public void Dispose() => _stream.Dispose();
}

/// <summary>A forward-only stream that reads and nothing else; subclasses say how it reads.</summary>
internal abstract class ReadOnlyStream : Stream
{
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public abstract override int Read(Span<byte> buffer);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Bytes already read, then the rest of the stream they came from.</summary>
internal sealed class PrefixedStream(byte[] prefix, Stream rest, bool leaveOpen = false) : ReadOnlyStream
{
    private int _offset;

    public override int Read(Span<byte> buffer)
    {
        if (_offset < prefix.Length)
        {
            var n = Math.Min(buffer.Length, prefix.Length - _offset);
            prefix.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            return n;
        }

        return rest.Read(buffer);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen) rest.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>Counts the bytes read through it.</summary>
internal sealed class CountingStream(Stream inner) : ReadOnlyStream
{
    public long Count { get; private set; }

    /// <summary>A read has returned nothing: the stream was read to its end.</summary>
    public bool ReachedEnd { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Count += read;
        if (read == 0 && buffer.Length > 0) ReachedEnd = true;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
