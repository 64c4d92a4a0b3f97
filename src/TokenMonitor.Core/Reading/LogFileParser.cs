using System.Runtime.CompilerServices;
using System.Text.Json;

namespace TokenMonitor.Reading;

/// <summary>
/// Reads one file into records and issues in file order: JSON Lines, or a JSON document holding one
/// response or an array of them. Copies of one Claude Code call inside the file are resolved here,
/// where the whole file is at hand, so the larger streaming copy always wins.
/// </summary>
internal static class LogFileParser
{
    /// <summary>Whole-document files above this are read as JSON Lines instead of being loaded at once.</summary>
    private const long MaxDocumentBytes = 64 * 1024 * 1024;

    /// <summary>Every supported usage shape names its counts with "token" (input_tokens, promptTokenCount, token_count…).</summary>
    private static ReadOnlySpan<byte> UsageMarker => "oken"u8;

    /// <param name="start">
    /// Where an earlier read of this plain JSON Lines file stopped (its caller checked that the file only grew): reading
    /// starts there, with line numbers counted on from that line.
    /// </param>
    public static FileReadResult Parse(string path, ReadOptions options, CancellationToken cancel, Action<long>? progress = null,
        FileStart? start = null)
    {
        var result = new FileReadResult(path, options);
        var source = SourceContext.For(path);
        result.FileTime = source.FileTime;
        try
        {
            // Unbuffered: the line splitter reads 64 KB at a time itself, and a second buffer would copy every byte twice.
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
                1, FileOptions.SequentialScan);
            result.Bytes = file.Length;
            var opened = (Size: file.Length, LastWrite: source.FileTime);
            var (headHash, headLength) = FileHead.Read(file.SafeFileHandle, (int)Math.Min(FileHead.Length, file.Length));
            FileResume Resume(long offset, long line, bool resumable) =>
                new(Math.Max(opened.Size, offset), opened.LastWrite, offset, line, headHash, headLength, resumable);

            if (start is { Offset: > 0 } from && !CsvLogReader.Handles(path, options.Format) && IsPlainPath(path))
            {
                file.Position = from.Offset;
                result.Bytes = file.Length - from.Offset;
                var tail = ParseLines(file, source, result, cancel, progress is null ? null : () => progress(file.Position - from.Offset),
                    from.Line, from.Offset);
                result.Resume = Resume(tail.Offset, tail.Line, tail.Stateless);
                return result;
            }

            using var content = LogContent.Open(file, path, options.Encoding);
            var lines = content.Stream;
            if (CsvLogReader.Handles(path, options.Format))
            {
                CsvLogReader.Read(lines, source, result, options);
                progress?.Invoke(file.Length);
                ReportIncomplete(content, path, result);
                result.Resume = Resume(file.Length, 0, resumable: false);
                return result;
            }

            if (LooksLikeDocument(content.Head))
            {
                var document = content.ReadAll(MaxDocumentBytes, out lines);
                if (document is not null && TryParseDocument(document, source, result))
                {
                    progress?.Invoke(file.Length);
                    ReportIncomplete(content, path, result);
                    result.Resume = Resume(file.Length, 0, resumable: false);
                    return result;
                }

                if (document is not null) lines = new MemoryStream(document);
            }

            var end = ParseLines(lines, source, result, cancel, progress is null ? null : () => progress(file.Position));
            ReportIncomplete(content, path, result);
            var plain = content.IsPlainUtf8 && !LooksLikeDocument(content.Head) && (options.Encoding is null || options.Encoding.CodePage == 65001);
            result.Resume = plain ? Resume(end.Offset, end.Line, end.Stateless) : Resume(file.Length, 0, resumable: false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever a file throws (a damaged archive, an encoding that does not decode) ends that file, never the run.
            result.Add(new ReadIssue(ReadIssueKind.UnreadableFile, path, 0, ex.Message));
        }
        finally
        {
            result.ReleaseDedup();
        }

        return result;
    }

    /// <summary>Text handed over whole (a response piped in, a JSON string): a document, or else JSON Lines.</summary>
    public static FileReadResult ParseText(byte[] utf8, SourceContext source, ReadOptions options)
    {
        var result = new FileReadResult(source.File, options) { FileTime = source.FileTime };
        result.Bytes = utf8.Length;
        if (!LooksLikeDocument(utf8) || !TryParseDocument(utf8, source, result))
        {
            _ = ParseLines(new MemoryStream(utf8), source, result, CancellationToken.None, null);
        }

        result.ReleaseDedup();
        return result;
    }

    private static void ReportIncomplete(LogContent content, string path, FileReadResult result)
    {
        if (content.Incomplete() is { } reason) result.Add(new ReadIssue(ReadIssueKind.UnreadableFile, path, 0, reason));
    }

    /// <summary>Offset and line just after the last complete line, and whether no line left state for later ones.</summary>
    private readonly record struct LinesEnd(long Offset, long Line, bool Stateless);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static LinesEnd ParseLines(Stream stream, SourceContext source, FileReadResult result, CancellationToken cancel,
        Action? progress, long firstLine = 0, long firstOffset = 0)
    {
        using var lines = new LineSplitter(stream, firstLineNumber: firstLine);
        var cache = new ScanCache();
        var lastReport = 0L;
        var end = new LinesEnd(firstOffset, firstLine, true);
        while (lines.MoveNext())
        {
            // A line the writer has not finished (no newline yet) is read again next time, from its start.
            if (!lines.CurrentLineUnterminated) end = new LinesEnd(firstOffset + lines.BytesConsumed, lines.LineNumber, true);

            if ((lines.LineNumber & 0x3FF) == 0)
            {
                cancel.ThrowIfCancellationRequested();
                if (progress is not null && lines.BytesConsumed - lastReport > (1 << 20))
                {
                    lastReport = lines.BytesConsumed;
                    progress();
                }
            }

            if (lines.CurrentLineTooLong)
            {
                result.Add(new ReadIssue(ReadIssueKind.LineTooLong, source.File, lines.LineNumber,
                    $"the line is longer than {lines.MaxLineBytes / (1024 * 1024)} MB and was skipped"));
                continue;
            }

            ParseLine(lines.Current, lines.LineNumber, lines.CurrentLineUnterminated, source, result, cache);
        }

        progress?.Invoke();
        return end with { Stateless = cache.Structured.IsEmpty };
    }

    private static bool IsPlainPath(string path) =>
        !path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".zst", StringComparison.OrdinalIgnoreCase);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ParseLine(ReadOnlySpan<byte> line, long number, bool unterminated, SourceContext source, FileReadResult result,
        ScanCache cache)
    {
        var trimmed = line.Trim(" \t"u8);
        if (trimmed.IsEmpty) return;

        // Most lines of a session log are prompts, tool results and snapshots without a token count: skip them
        // unparsed (a file's first line, where Gemini CLI names the session, Codex's context lines, which name the
        // model for the counts that follow, batch result lines, whose failures are counted, and every line read
        // through -ColumnMap excepted). A line that
        // cannot be whole JSON (a writer cut off mid-line) is still reported, so truncation is never silent.
        // Searched from the end: a Claude Code call's counts come last, so its marker is found a few hundred bytes in.
        if (number > 1 && result.Options.ColumnMap is null && trimmed.LastIndexOf(UsageMarker) < 0
            && trimmed.IndexOf("\"payload\""u8) < 0 && trimmed.IndexOf("\"custom_id\""u8) < 0)
        {
            if (trimmed[^1] != (byte)'}' || trimmed[0] != (byte)'{')
            {
                result.Add(new ReadIssue(ReadIssueKind.TruncatedLine, source.File, number,
                    unterminated ? "the last line is incomplete (the file ends mid-line)" : "the line is not a complete JSON object"));
            }

            return;
        }

        ParseObject(trimmed, number, source, result, cache);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ParseObject(ReadOnlySpan<byte> json, long number, SourceContext source, FileReadResult result, ScanCache cache)
    {
        var raw = default(RawEntry);
        try
        {
            if (result.Options.ColumnMap is not null)
            {
                MappedJson.Read(json, number, source, result);
                return;
            }

            UsageJsonScanner.Scan(json, ref raw, cache);
            if (result.IsRedundantCopy(ref raw, out var key)) return;
            var record = RecordFactory.Create(ref raw, source, number);
            if (record is not null)
            {
                if (record.KeyPrefix == "claude") record.DedupHash = key; // the digest the copy check just computed
                result.Add(record);
            }
            else if (raw.NotBilledReason is not null) result.CountNotBilled(raw.NotBilledReason);
            else if (raw.NeedsStructuredReader) Formats.StructuredFormats.Read(json, number, source, result, cache.Structured);
        }
        catch (JsonException ex)
        {
            var kind = json[^1] == (byte)'}' ? ReadIssueKind.MalformedJson : ReadIssueKind.TruncatedLine;
            result.Add(new ReadIssue(kind, source.File, number, Describe(ex, kind)));
        }
        catch (UsageFormatException ex)
        {
            result.Add(new ReadIssue(ex.Kind, source.File, number, ex.Message));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException or KeyNotFoundException)
        {
            // A value of a type or size no reader expected: that line is reported, the file goes on.
            result.Add(new ReadIssue(ReadIssueKind.InvalidValue, source.File, number, ex.Message));
        }
    }

    private static string Describe(JsonException ex, ReadIssueKind kind)
    {
        var where = ex.BytePositionInLine is { } column ? $" at byte {column + 1}" : "";
        return kind == ReadIssueKind.TruncatedLine
            ? $"the line ends before its JSON is complete{where}"
            : $"malformed JSON{where}: {FirstSentence(ex.Message)}";
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.');
    }

    /// <summary>A file whose first byte is '[' or whose first line is not a whole object is a JSON document.</summary>
    private static bool LooksLikeDocument(ReadOnlySpan<byte> head)
    {
        var text = head;
        if (text.StartsWith(Utf8Bom)) text = text[3..];
        text = text.TrimStart(" \t\r\n"u8);
        if (text.IsEmpty) return false;
        if (text[0] == (byte)'[') return true;
        if (text[0] != (byte)'{') return false;

        // Pretty-printed JSON puts a newline right after the opening brace; a JSON Lines file never does.
        var rest = text[1..].TrimStart(" \t"u8);
        return !rest.IsEmpty && (rest[0] == (byte)'\n' || rest[0] == (byte)'\r');
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// One or more JSON values one after another (a response, an array of them, or several pretty-printed
    /// objects as <c>jq . a b</c> writes them). Line numbers are counted as the reading moves forward.
    /// </summary>
    private static bool TryParseDocument(byte[] bytes, SourceContext source, FileReadResult result)
    {
        ReadOnlySpan<byte> json = bytes;
        if (json.StartsWith(Utf8Bom)) json = json[3..];

        var cache = new ScanCache();
        var lines = new LineCounter();
        var offset = SkipWhitespace(json, 0);
        if (offset == json.Length || (json[offset] != (byte)'{' && json[offset] != (byte)'[')) return false;
        while (offset < json.Length)
        {
            var reader = new Utf8JsonReader(json[offset..], DocumentOptions);
            try
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    reader.Skip();
                    ParseObject(json.Slice(offset, (int)reader.BytesConsumed), lines.At(json, offset), source, result, cache);
                }
                else if (reader.TokenType == JsonTokenType.StartArray)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        var start = offset + (int)reader.TokenStartIndex;
                        var line = lines.At(json, start);
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            reader.Skip();
                            result.Add(new ReadIssue(ReadIssueKind.UnknownShape, source.File, line, "an array element that is not a JSON object"));
                            continue;
                        }

                        reader.Skip();
                        ParseObject(json[start..(offset + (int)reader.BytesConsumed)], line, source, result, cache);
                    }
                }
                else
                {
                    result.Add(new ReadIssue(ReadIssueKind.UnknownShape, source.File, lines.At(json, offset),
                        "data after the JSON document that is neither an object nor an array"));
                    return true;
                }
            }
            catch (JsonException ex)
            {
                // A broken document: report where, keeping what parsed before the break.
                var line = lines.At(json, offset) + (ex.LineNumber ?? 0);
                result.Add(new ReadIssue(ReadIssueKind.MalformedJson, source.File, line, Describe(ex, ReadIssueKind.MalformedJson)));
                return true;
            }

            offset = SkipWhitespace(json, offset + (int)reader.BytesConsumed);
        }

        return true;
    }

    private static readonly JsonReaderOptions DocumentOptions = new() { MaxDepth = 512 };

    private static int SkipWhitespace(ReadOnlySpan<byte> json, int offset) =>
        offset + (json.Length - offset - json[offset..].TrimStart(" \t\r\n"u8).Length);

    /// <summary>Line numbers of byte offsets that only move forward, so a big array costs one pass, not one per element.</summary>
    private sealed class LineCounter
    {
        private int _position;
        private long _line = 1;

        public long At(ReadOnlySpan<byte> json, int offset)
        {
            _line += json[_position..offset].Count((byte)'\n');
            _position = offset;
            return _line;
        }
    }
}

/// <summary>For the benchmark's diagnostics: one file through the parser, nothing kept.</summary>
public static class DiagnosticParse
{
    public static int Items(string path) => LogFileParser.Parse(path, ReadOptions.Default, CancellationToken.None).Items.Count;

    /// <summary>Splitting, the prefilter and the scanner, without records or dedup: what the parse alone costs.</summary>
    public static long Scan(string folder, bool build)
    {
        long usage = 0;
        EachFile(folder, (file, splitter) =>
        {
            var cache = new ScanCache();
            var source = SourceContext.For(file);
            while (splitter.MoveNext())
            {
                var line = splitter.Current;
                if (line.IndexOf("oken"u8) < 0) continue;
                var raw = default(RawEntry);
                UsageJsonScanner.Scan(line, ref raw, cache);
                if (build ? RecordFactory.Create(ref raw, source, splitter.LineNumber) is not null : raw.HasMessageUsage) usage++;
            }
        });
        return usage;
    }

    /// <summary>Reading and splitting alone.</summary>
    public static (long Lines, long Bytes) Lines(string folder)
    {
        long lines = 0, bytes = 0;
        EachFile(folder, (_, splitter) =>
        {
            while (splitter.MoveNext()) lines++;
            bytes += splitter.BytesConsumed;
        });
        return (lines, bytes);
    }

    private static void EachFile(string folder, Action<string, LineSplitter> read)
    {
        foreach (var file in LogFileLocator.Enumerate(folder, recurse: true))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            using var content = LogContent.Open(stream, file, null);
            using var splitter = new LineSplitter(content.Stream);
            read(file, splitter);
        }
    }
}
