using System.Buffers;
using System.Text.Json;
using TokenMonitor.Reading;

namespace TokenMonitor.Bench;

/// <summary>
/// The floor: every byte read once and every line tokenised once by Utf8JsonReader, with nothing kept.
/// A reader cannot parse the same JSON faster; ours skips lines that cannot hold usage, so it may beat it.
/// </summary>
internal static class FloorScan
{
    public static (long Lines, long Tokens, long Bytes) Run(string folder)
    {
        long lines = 0, tokens = 0, bytes = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        foreach (var file in LogFileLocator.Enumerate(folder, recurse: true))
        {
            using var stream = File.OpenRead(file);
            bytes += stream.Length;
            var carry = 0;
            int read;
            while ((read = stream.Read(buffer, carry, buffer.Length - carry)) > 0 || carry > 0)
            {
                var span = buffer.AsSpan(0, carry + read);
                var atEnd = read == 0;
                int newline;
                while ((newline = span.IndexOf((byte)'\n')) >= 0 || (atEnd && span.Length > 0))
                {
                    var line = newline >= 0 ? span[..newline] : span;
                    tokens += Tokenise(line);
                    lines++;
                    span = newline >= 0 ? span[(newline + 1)..] : [];
                }

                if (atEnd) break;
                if (span.Length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    span.CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                else
                {
                    span.CopyTo(buffer);
                }

                carry = span.Length;
            }
        }

        ArrayPool<byte>.Shared.Return(buffer);
        return (lines, tokens, bytes);
    }

    private static long Tokenise(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty) return 0;
        var reader = new Utf8JsonReader(line);
        long count = 0;
        try
        {
            while (reader.Read()) count++;
        }
        catch (JsonException)
        {
        }

        return count;
    }
}
