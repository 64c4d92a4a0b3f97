using System.Text;

namespace TokenMonitor.Reading;

/// <summary>How to read a file: by its name and content (Auto), or as the user says.</summary>
public enum LogFormat
{
    Auto,
    Json,
    Csv,
    Tsv,
}

/// <summary>How one Import-UsageLog run reads: time window, attribution to stamp, encoding, and what to show.</summary>
public sealed record ReadOptions
{
    public static ReadOptions Default { get; } = new();

    /// <summary>Only records at or after this moment.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only records before this moment.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Attribution written onto every record read (a team's project, user, service, job, tags).</summary>
    public RecordStamp? Stamp { get; init; }

    /// <summary>Also return the copies that dedup merged, marked <see cref="UsageRecord.IsDuplicate"/>.</summary>
    public bool IncludeDuplicates { get; init; }

    /// <summary>Auto decides by file name (.csv, .tsv) and content (JSON Lines or JSON documents); the others force a reading.</summary>
    public LogFormat Format { get; init; } = LogFormat.Auto;

    /// <summary>Where usage fields are in CSV columns or JSON properties of other shapes (field name → column or dotted path).</summary>
    public IReadOnlyDictionary<string, string>? ColumnMap { get; init; }

    /// <summary>The text encoding of the files; null reads UTF-8 (with or without a byte order mark) and UTF-16 with one.</summary>
    public Encoding? Encoding { get; init; }
}

/// <summary>Attribution a user stamps onto records; only the values given replace what the log said.</summary>
public sealed record RecordStamp(string? Project = null, string? User = null, string? Service = null, string? Job = null, string[]? Tags = null)
{
    public void Apply(UsageRecord record)
    {
        if (Project is not null) record.Project = Project;
        if (User is not null) record.User = User;
        if (Service is not null) record.Service = Service;
        if (Job is not null) record.Job = Job;
        if (Tags is { Length: > 0 }) record.Tags = [.. record.Tags.Union(Tags, StringComparer.Ordinal)];
    }
}
