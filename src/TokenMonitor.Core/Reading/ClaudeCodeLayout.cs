namespace TokenMonitor.Reading;

/// <summary>
/// Claude Code keeps <c>projects/{project}/{sessionId}.jsonl</c> and <c>projects/{project}/{sessionId}/…/*.jsonl</c>
/// (subagents among them); project and session come from those folder names.
/// </summary>
internal static class ClaudeCodeLayout
{
    public static (string? Project, string? Session) Describe(string path)
    {
        var parts = path.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
        var projects = Array.LastIndexOf(parts, "projects");
        if (projects < 0 || projects + 2 >= parts.Length)
        {
            return (null, null);
        }

        var project = parts[projects + 1];
        var session = projects + 3 == parts.Length
            ? Path.GetFileNameWithoutExtension(parts[projects + 2])
            : parts[projects + 2];
        return (project, session);
    }
}
