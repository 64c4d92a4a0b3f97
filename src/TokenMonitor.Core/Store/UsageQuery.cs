namespace TokenMonitor.Store;

/// <summary>
/// Which stored records to read: a time window, and for each attribution field a list of patterns of which one
/// must match (PowerShell's <c>*</c> and <c>?</c> wildcards, case-insensitive; a backtick escapes one).
/// </summary>
public sealed record UsageQuery
{
    public static UsageQuery All { get; } = new();

    /// <summary>At or after.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Before.</summary>
    public DateTimeOffset? Until { get; init; }

    public IReadOnlyList<string> Model { get; init; } = [];
    public IReadOnlyList<string> Provider { get; init; } = [];
    public IReadOnlyList<string> Project { get; init; } = [];
    public IReadOnlyList<string> User { get; init; } = [];
    public IReadOnlyList<string> Service { get; init; } = [];
    public IReadOnlyList<string> Job { get; init; } = [];

    /// <summary>A record matches when any of its tags matches any pattern.</summary>
    public IReadOnlyList<string> Tag { get; init; } = [];
}
