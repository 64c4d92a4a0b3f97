using TokenMonitor.Reading;

namespace TokenMonitor.Analytics.Live;

/// <summary>
/// Follows growing JSON Lines logs: each poll reads only the bytes appended since the last one, up to the last
/// complete line (a line still being written waits for its newline), and starts a file over when it shrinks
/// (truncated or replaced). Copies of one call across polls and files are merged as the reader merges them: the
/// larger copy wins, so a streamed reply settles on its final token counts, and a subagent's replay of its parent's
/// message counts once.
/// </summary>
public sealed class LogTail(IReadOnlyList<string> roots)
{
    private readonly Dictionary<string, FileState> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UsageRecord> _byKey = new(StringComparer.Ordinal);
    private readonly SidechainReplays _replays = new();

    /// <summary>Bytes read across polls.</summary>
    public long BytesRead { get; private set; }

    /// <summary>New records, and records that replaced a smaller copy of themselves (Replaced holds the copy they replace).</summary>
    public IReadOnlyList<(UsageRecord Record, UsageRecord? Replaced)> Poll()
    {
        var found = new List<(UsageRecord, UsageRecord?)>();
        foreach (var file in Files())
        {
            if (!_files.TryGetValue(file, out var state)) _files[file] = state = new FileState();
            foreach (var record in ReadAppended(file, state)) Admit(record, found);
        }

        return found;
    }

    private IEnumerable<string> Files()
    {
        foreach (var root in roots)
        {
            if (File.Exists(root)) yield return root;
            else if (Directory.Exists(root))
            {
                foreach (var file in LogFileLocator.Enumerate(root, recurse: true))
                {
                    // Compressed archives and CSV exports do not grow line by line.
                    if (file.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)) yield return file;
                }
            }
        }
    }

    private List<UsageRecord> ReadAppended(string path, FileState state)
    {
        byte[] chunk;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = stream.Length;
            if (length < state.Offset)
            {
                state.Offset = 0;
                state.Lines = 0;
            }

            if (length == state.Offset) return [];
            stream.Seek(state.Offset, SeekOrigin.Begin);
            chunk = new byte[length - state.Offset];
            stream.ReadExactly(chunk);
        }
        catch (IOException)
        {
            return []; // a file being rotated or removed is read on the next poll, if it is still there
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }

        var complete = Array.LastIndexOf(chunk, (byte)'\n') + 1;
        if (complete == 0) return [];
        var text = complete == chunk.Length ? chunk : chunk[..complete];
        state.Offset += complete;
        BytesRead += complete;

        var parsed = LogFileParser.ParseText(text, SourceContext.For(path), ReadOptions.Default);
        var firstLine = state.Lines;
        foreach (var b in text) if (b == (byte)'\n') state.Lines++;
        var records = new List<UsageRecord>();
        foreach (var item in parsed.Items)
        {
            if (item.Record is not { } record) continue;
            record.SourceLine += firstLine;
            records.Add(record);
        }

        return records;
    }

    private void Admit(UsageRecord record, List<(UsageRecord, UsageRecord?)> found)
    {
        if (record.IsDuplicate) return;
        if (!Deduplication.Applies(record))
        {
            found.Add((record, null));
            return;
        }

        var key = record.Key;
        if (_byKey.TryGetValue(key, out var known))
        {
            if (Deduplication.DedupTotal(record) <= Deduplication.DedupTotal(known)) return;
            _byKey[key] = record;
            found.Add((record, known));
            return;
        }

        if (_replays.IsReplay(record)) return;
        _byKey[key] = record;
        found.Add((record, null));
    }

    private sealed class FileState
    {
        public long Offset;
        public long Lines;
    }
}
