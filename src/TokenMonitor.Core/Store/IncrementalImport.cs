using TokenMonitor.Reading;

namespace TokenMonitor.Store;

/// <summary>
/// Decides, for each file of an incremental import, from what the store remembers of it: skip it (unchanged),
/// read on from the saved offset (it only grew), or read it whole (new, truncated, replaced, or a kind of file
/// that can only be read whole). Reading whole again is always safe: the store keeps each record key once.
/// </summary>
public sealed class IncrementalImport(IReadOnlyDictionary<string, FileProgress> known)
{
    public int Unchanged { get; private set; }
    public int Resumed { get; private set; }
    public int New { get; private set; }
    public int Changed { get; private set; }

    /// <summary>Files whose head or size show they were truncated or replaced, with why, for verbose output.</summary>
    public List<string> Reasons { get; } = [];

    /// <summary>The files worth reading, in the order given; those unchanged since the last import are left out.</summary>
    public List<string> Plan(IEnumerable<string> files)
    {
        var read = new List<string>();
        foreach (var file in files)
        {
            if (Decide(file) is not Decision.Skip) read.Add(file);
        }

        return read;
    }

    /// <summary>Where to start a planned file: its saved offset when it only grew, else null (whole).</summary>
    public FileStart? StartAt(string file) => _starts.TryGetValue(file, out var start) ? start : null;

    private readonly Dictionary<string, FileStart> _starts = new(StringComparer.Ordinal);

    private enum Decision
    {
        Skip,
        Whole,
        Resume,
    }

    private Decision Decide(string file)
    {
        if (!known.TryGetValue(file, out var saved))
        {
            New++;
            return Decision.Whole;
        }

        FileInfo info;
        try
        {
            info = new FileInfo(file);
            if (!info.Exists) return Whole(file, "it no longer exists");
        }
        catch (IOException ex)
        {
            return Whole(file, ex.Message);
        }

        var size = info.Length;
        var lastWrite = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);
        if (size < saved.HeadLength || (saved.Resumable && size < saved.Offset)) return Whole(file, $"it is shorter than when it was last read ({size:N0} < {saved.Size:N0} bytes)");

        string? head;
        try
        {
            head = FileHead.Of(file, saved.HeadLength);
        }
        catch (IOException ex)
        {
            return Whole(file, ex.Message);
        }

        if (head != saved.HeadHash) return Whole(file, "its first bytes changed (the file was replaced)");
        if (size == saved.Size && lastWrite == saved.LastWrite || saved.Resumable && size == saved.Offset && lastWrite == saved.LastWrite)
        {
            Unchanged++;
            return Decision.Skip;
        }

        if (!saved.Resumable) return Whole(file, "it changed, and files of its kind are read whole");
        if (!FileHead.EndsLineAt(file, saved.Offset)) return Whole(file, "the saved offset is no longer at the end of a line");
        Resumed++;
        _starts[file] = new FileStart(saved.Offset, saved.Line);
        return Decision.Resume;
    }

    private Decision Whole(string file, string reason)
    {
        Changed++;
        Reasons.Add($"{file} is read whole: {reason}.");
        return Decision.Whole;
    }

    public static FileProgress Progress(string file, FileResume resume) =>
        new(file, resume.Size, resume.LastWrite, resume.Offset, resume.Line, resume.HeadHash, resume.HeadLength, resume.Resumable, DateTimeOffset.UtcNow);
}
