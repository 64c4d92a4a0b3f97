namespace TokenMonitor.Reading;

/// <summary>
/// Where coding agents keep their logs when no path is given, as ccusage looks for them
/// (docs/guide/environment-variables.md there): Claude Code under each CLAUDE_CONFIG_DIR (a folder or a
/// comma-separated list), else ~/.config/claude and ~/.claude, in their projects folders; Codex under each
/// CODEX_HOME, else ~/.codex, in sessions and archived_sessions; Gemini CLI in each GEMINI_DATA_DIR, else ~/.gemini/tmp.
/// </summary>
public static class DefaultLocations
{
    public static IReadOnlyList<string> Candidates(Func<string, string?> environment, string home)
    {
        var folders = new List<string>();
        var claude = Split(environment("CLAUDE_CONFIG_DIR"));
        if (claude.Count == 0) claude = [Path.Combine(home, ".config", "claude"), Path.Combine(home, ".claude")];
        folders.AddRange(claude.Select(dir => Path.Combine(dir, "projects")));

        var codex = Split(environment("CODEX_HOME"));
        if (codex.Count == 0) codex = [Path.Combine(home, ".codex")];
        foreach (var dir in codex)
        {
            folders.Add(Path.Combine(dir, "sessions"));
            folders.Add(Path.Combine(dir, "archived_sessions"));
        }

        var gemini = Split(environment("GEMINI_DATA_DIR"));
        folders.AddRange(gemini.Count == 0 ? [Path.Combine(home, ".gemini", "tmp")] : gemini);
        return folders;
    }

    /// <summary>The candidates that exist on this machine.</summary>
    public static IReadOnlyList<string> Existing() =>
        Candidates(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile))
            .Where(Directory.Exists).ToList();

    private static List<string> Split(string? list) =>
        string.IsNullOrWhiteSpace(list) ? [] : [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
