namespace TokenMonitor.Reading;

/// <summary>What the file a line came from says about it: path, project and session from the folder layout.</summary>
internal sealed class SourceContext
{
    public required string File { get; init; }
    public string? Project { get; init; }
    public string? SessionFromPath { get; init; }

    /// <summary>Stands in for the time of API responses that carry none (Anthropic Messages).</summary>
    public DateTimeOffset FileTime { get; init; }

    /// <summary>The provider a caller says the objects come from, for shapes that do not say it themselves.</summary>
    public string? ProviderHint { get; init; }

    public static SourceContext For(string path)
    {
        var (project, session) = ClaudeCodeLayout.Describe(path);
        DateTimeOffset fileTime;
        try
        {
            fileTime = new DateTimeOffset(System.IO.File.GetLastWriteTimeUtc(path), TimeSpan.Zero);
        }
        catch (IOException)
        {
            fileTime = DateTimeOffset.UnixEpoch;
        }

        return new SourceContext { File = path, Project = project, SessionFromPath = session, FileTime = fileTime };
    }
}
