namespace TokenMonitor.Reading;

/// <summary>Why a line or file could not be read; each kind maps to a stable PowerShell ErrorId.</summary>
public enum ReadIssueKind
{
    MalformedJson,
    TruncatedLine,
    InvalidValue,
    MissingField,
    UnknownShape,
    LineTooLong,
    UnreadableFile,
}

/// <summary>A line or file the reader skipped, with where and why, so nothing is dropped silently.</summary>
public sealed record ReadIssue(ReadIssueKind Kind, string File, long Line, string Reason)
{
    /// <summary>file:line, or the file alone when the whole file failed.</summary>
    public string Location => Line > 0 ? $"{File}:{Line}" : File;

    public override string ToString() => $"{Location}: {Reason}";
}

/// <summary>What a reader yields: a record, or an issue in the place the bad input stood.</summary>
public readonly record struct ReadItem(UsageRecord? Record, ReadIssue? Issue);

/// <summary>Raised by the scanner for one bad line; the reader turns it into a <see cref="ReadIssue"/>.</summary>
internal sealed class UsageFormatException(ReadIssueKind kind, string message) : Exception(message)
{
    public ReadIssueKind Kind { get; } = kind;
}
