using System.Text.Json;

namespace TokenMonitor.Reading.Formats;

/// <summary>
/// Sources whose records need a whole JSON object at hand, or state from earlier lines: Codex CLI sessions,
/// OpenTelemetry GenAI spans in OTLP JSON, and the OpenAI and Anthropic organization usage reports. The line
/// scanner hands these over when it meets their top-level keys; they are small next to Claude Code logs.
/// </summary>
internal static class StructuredFormats
{
    public static void Read(ReadOnlySpan<byte> json, long line, SourceContext source, FileReadResult result, StructuredState state)
    {
        var bytes = json.ToArray();
        using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 512 });
        var root = document.RootElement;
        var context = new FormatContext(source, line, bytes, result, state);
        if (root.Child("resourceSpans") is not null) OtelSpans.Read(root, context);
        else if (root.Child("payload") is not null && root.Text("type") is not null) CodexSession.Read(root, context);
        else if (root.Text("object") == "page") OpenAIUsageReport.Read(root, context);
        else if (root.Items("data").Any(b => b.Child("starting_at") is not null)) AnthropicUsageReport.Read(root, context);
        else if (root.Child("attributes") is { ValueKind: JsonValueKind.Object } attributes) GeminiCli.ReadTelemetry(root, attributes, context);
        else GeminiCli.ReadChat(root, context);
    }
}

/// <summary>Where records go and what they are read from, for one JSON object of one file.</summary>
internal sealed class FormatContext(SourceContext source, long firstLine, byte[] json, FileReadResult result, StructuredState state)
{
    private int _cursor;
    private long _cursorLine = -1;

    public SourceContext Source => source;
    public StructuredState State => state;

    /// <summary>Adds a record at the line where <paramref name="element"/> starts, or at the object's first line.</summary>
    public void Add(UsageRecord record, string? keyPrefix, string? providerId, JsonElement? element = null)
    {
        RecordFactory.Locate(record, source, element is { } at ? LineOf(at) : firstLine, keyPrefix, providerId);
        result.Add(record);
    }

    /// <summary>
    /// JsonDocument keeps no positions, but an element's raw text is a slice of the input: found from a cursor that
    /// only moves forward (elements are visited in document order), it gives the line for error-free reporting.
    /// </summary>
    private long LineOf(JsonElement element)
    {
        var raw = System.Text.Encoding.UTF8.GetBytes(element.GetRawText());
        if (_cursorLine < 0) _cursorLine = firstLine;
        var found = json.AsSpan(_cursor).IndexOf(raw);
        if (found < 0) return _cursorLine;
        _cursorLine += json.AsSpan(_cursor, found).Count((byte)'\n');
        _cursor += found;
        return _cursorLine;
    }
}

/// <summary>State a file's earlier lines leave for later ones.</summary>
internal sealed class StructuredState
{
    public string? CodexModel { get; set; }
    public string? CodexSession { get; set; }
    public string? CodexCwd { get; set; }
    public CodexTotals CodexPrevious { get; set; }
    public string? GeminiSession { get; set; }

    /// <summary>No line left anything for later lines: reading may start mid-file without changing what is read.</summary>
    public bool IsEmpty => CodexModel is null && CodexSession is null && CodexCwd is null && GeminiSession is null
        && EqualityComparer<CodexTotals>.Default.Equals(CodexPrevious, default);
}
