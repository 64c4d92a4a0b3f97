namespace TokenMonitor.Store;

/// <summary>
/// How far one log file was read into the store: its size and last write when read, the byte offset and line
/// number just after the last complete line, and a digest of its first bytes, which tells a file that grew from
/// one that was replaced. <see cref="Resumable"/> is false for files that must be read whole (compressed, CSV,
/// JSON documents, formats whose lines depend on earlier lines): those are skipped while unchanged and re-read
/// whole when changed.
/// </summary>
public sealed record FileProgress(
    string Path,
    long Size,
    DateTimeOffset LastWrite,
    long Offset,
    long Line,
    string HeadHash,
    int HeadLength,
    bool Resumable,
    DateTimeOffset ReadAt);
