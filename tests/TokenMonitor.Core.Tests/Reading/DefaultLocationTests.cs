using TokenMonitor.Reading;

namespace TokenMonitor.Tests.Reading;

public class DefaultLocationTests
{
    [Fact]
    public void Without_variables_the_home_folders()
    {
        var folders = DefaultLocations.Candidates(_ => null, "/home/u");
        Assert.Equal(["/home/u/.config/claude/projects", "/home/u/.claude/projects", "/home/u/.codex/sessions", "/home/u/.codex/archived_sessions", "/home/u/.gemini/tmp"], folders);
    }

    [Fact]
    public void Variables_name_one_folder_or_a_comma_separated_list()
    {
        var env = new Dictionary<string, string> { ["CLAUDE_CONFIG_DIR"] = "/a, /b", ["CODEX_HOME"] = "/c", ["GEMINI_DATA_DIR"] = "/g" };
        var folders = DefaultLocations.Candidates(name => env.GetValueOrDefault(name), "/home/u");
        Assert.Equal(["/a/projects", "/b/projects", "/c/sessions", "/c/archived_sessions", "/g"], folders);
    }
}
