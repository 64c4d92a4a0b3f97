namespace TokenMonitor.Reading;

/// <summary>Where a later read of a file may start: a line boundary, its line number, and what the file was like when read.</summary>
public readonly record struct FileStart(long Offset, long Line);

/// <summary>
/// A file as one read left it: its size and last write when opened, the offset and line just after the last
/// complete line read, the digest of its first bytes, and whether a later read may start at that offset.
/// It may when the file is plain UTF-8 JSON Lines (not compressed, transcoded, CSV or a JSON document) and none
/// of its lines left state for the lines after them (Codex's model and running totals, Gemini CLI's session).
/// </summary>
public sealed record FileResume(long Size, DateTimeOffset LastWrite, long Offset, long Line, string HeadHash, int HeadLength, bool Resumable);

/// <summary>The digest of a file's first bytes, which tells a file that grew from one that was replaced.</summary>
public static class FileHead
{
    public const int Length = 4096;

    public static (string Hash, int Length) Read(Microsoft.Win32.SafeHandles.SafeFileHandle handle, int length)
    {
        var buffer = new byte[length];
        var total = 0;
        while (total < length)
        {
            var read = RandomAccess.Read(handle, buffer.AsSpan(total), total);
            if (read == 0) break;
            total += read;
        }

        return (Convert.ToHexString(System.IO.Hashing.XxHash3.Hash(buffer.AsSpan(0, total))), total);
    }

    /// <summary>The digest of the first <paramref name="length"/> bytes of <paramref name="path"/>, or null when it has fewer.</summary>
    public static string? Of(string path, int length)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var (hash, read) = Read(handle, length);
        return read == length ? hash : null;
    }

    /// <summary>Whether the byte before <paramref name="offset"/> ends a line, as a saved resume point must.</summary>
    public static bool EndsLineAt(string path, long offset)
    {
        if (offset == 0) return true;
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Span<byte> one = stackalloc byte[1];
        return RandomAccess.Read(handle, one, offset - 1) == 1 && one[0] == (byte)'\n';
    }
}
