namespace TokenMonitor.Reading;

/// <summary>The closing count of a read: what was read, kept, merged and skipped, and why.</summary>
public sealed class ReadStatistics
{
    private readonly Dictionary<ReadIssueKind, int> _issues = [];

    public int Files { get; internal set; }
    public long Bytes { get; internal set; }
    public long Records { get; internal set; }
    public long DuplicatesRemoved { get; internal set; }
    public IReadOnlyDictionary<ReadIssueKind, int> IssuesByKind => _issues;

    /// <summary>Well-formed entries that are not billed calls (errored, canceled or expired batch requests), by reason.</summary>
    public Dictionary<string, int> NotBilled { get; } = new(StringComparer.Ordinal);
    public int Issues => _issues.Values.Sum();

    internal void Count(ReadIssue issue) => _issues[issue.Kind] = _issues.GetValueOrDefault(issue.Kind) + 1;

    /// <summary>"2 lines skipped (1 MalformedJson, 1 TruncatedLine)", or null when nothing was skipped.</summary>
    public string? DescribeSkipped()
    {
        if (Issues == 0) return null;
        var kinds = string.Join(", ", _issues.OrderBy(p => p.Key).Select(p => $"{p.Value} {p.Key}"));
        return $"{Issues} {(Issues == 1 ? "entry" : "entries")} skipped ({kinds}); {Records} {(Records == 1 ? "record" : "records")} read from {Files} {(Files == 1 ? "file" : "files")}, {DuplicatesRemoved} duplicate {(DuplicatesRemoved == 1 ? "copy" : "copies")} merged.";
    }
}
