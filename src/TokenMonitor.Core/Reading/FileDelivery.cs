namespace TokenMonitor.Reading;

/// <summary>
/// One file of an incremental read, as its records travel down the pipeline. Every record read from the file
/// points to it, and the last record handed on carries it as complete, with how many records were handed on, so
/// the Save-UsageRecord that stores them can commit the file's progress in the batch that holds the last of them,
/// and only when it received every one. Nothing process-wide: progress goes exactly where the records go.
/// </summary>
internal sealed class FileDelivery(string path, string store, FileResume resume)
{
    public string Path { get; } = path;

    /// <summary>The store whose saved progress planned the read: progress is valid for that store only.</summary>
    public string Store { get; } = store;

    public FileResume Resume { get; } = resume;

    /// <summary>How many records were handed on for the file; meaningful once <see cref="Done"/>.</summary>
    public long Records { get; private set; }

    public bool Done { get; private set; }

    public void Complete(long records)
    {
        Records = records;
        Done = true;
    }
}
