namespace TokenMonitor.HelpCompiler.Tests;

public class PageErrorTests
{
    private const string Synopsis = """
        ## SYNOPSIS
        Reads token usage records from AI coding assistant logs.

        """;

    [Fact]
    public void Missing_synopsis_text_is_reported_at_its_heading()
    {
        var markdown = SamplePages.ImportUsageLogWith(Synopsis, "## SYNOPSIS\n\n");

        var diagnostic = Assert.Single(Compile(markdown).Diagnostics);

        var line = SamplePages.LineOf(markdown, "## SYNOPSIS");
        Assert.Equal($"{SamplePages.ImportUsageLogPath}:{line}: error: '## SYNOPSIS' has no text", diagnostic.ToString());
    }

    [Fact]
    public void Missing_synopsis_section_is_reported_at_the_title()
    {
        var markdown = SamplePages.ImportUsageLogWith(Synopsis, "");

        var result = Compile(markdown);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(SamplePages.LineOf(markdown, "# Import-UsageLog"), diagnostic.Line);
        Assert.Equal("missing '## SYNOPSIS' section", diagnostic.Message);
        Assert.Equal(0, result.CommandCount);
        Assert.Empty(result.Document.Root!.Elements());
    }

    [Fact]
    public void PlatyPS_placeholder_counts_as_missing_text()
    {
        var markdown = SamplePages.ImportUsageLogWith(Synopsis, "## SYNOPSIS\n{{ Fill in the Synopsis }}\n\n");

        var diagnostic = Assert.Single(Compile(markdown).Diagnostics);

        Assert.Contains("{{ Fill in the Synopsis }}", diagnostic.Message);
    }

    [Fact]
    public void Missing_description_is_reported()
    {
        var markdown = SamplePages.ImportUsageLogWith("## DESCRIPTION", "## REMARKS");

        Assert.Contains(Compile(markdown).Diagnostics, d => d.Message == "missing '## DESCRIPTION' section");
    }

    [Fact]
    public void Example_without_code_is_reported_at_its_heading()
    {
        var markdown = SamplePages.ImportUsageLogWith(
            "```powershell\n    PS> Import-UsageLog ~/.claude/projects -Recurse\n    ```\n".Replace("\n    ", "\n"),
            "");

        var diagnostic = Assert.Single(Compile(markdown).Diagnostics);

        Assert.Equal(SamplePages.LineOf(markdown, "### Example 1: Read Claude Code logs"), diagnostic.Line);
        Assert.Equal("example 'Example 1: Read Claude Code logs' has no code block", diagnostic.Message);
    }

    [Fact]
    public void Page_without_examples_is_reported()
    {
        var start = SamplePages.ImportUsageLog.IndexOf("### Example 1", StringComparison.Ordinal);
        var end = SamplePages.ImportUsageLog.IndexOf("## PARAMETERS", StringComparison.Ordinal);
        var markdown = SamplePages.ImportUsageLog.Remove(start, end - start);

        var diagnostic = Assert.Single(Compile(markdown).Diagnostics);

        Assert.Equal(SamplePages.LineOf(markdown, "## EXAMPLES"), diagnostic.Line);
        Assert.Equal("'## EXAMPLES' has no '### Example' with a code block", diagnostic.Message);
    }

    [Fact]
    public void Parameter_without_yaml_is_reported_at_its_heading()
    {
        var yaml = """
            ```yaml
            Type: SwitchParameter
            Parameter Sets: (All)
            Aliases:

            Required: False
            Position: Named
            Default value: None
            Accept pipeline input: False
            Accept wildcard characters: False
            ```
            """;
        var markdown = SamplePages.ImportUsageLogWith(yaml, "");

        var diagnostic = Assert.Single(Compile(markdown).Diagnostics);

        Assert.Equal(SamplePages.LineOf(markdown, "### -Recurse"), diagnostic.Line);
        Assert.StartsWith("parameter -Recurse has no ```yaml block", diagnostic.Message);
    }

    [Fact]
    public void Unknown_yaml_key_is_reported_at_its_line()
    {
        var markdown = SamplePages.ImportUsageLogWith("Aliases: PSPath, LP", "Alias: PSPath, LP");

        var diagnostic = Assert.Single(Compile(markdown).Diagnostics);

        Assert.Equal(SamplePages.LineOf(markdown, "Alias: PSPath, LP"), diagnostic.Line);
        Assert.Equal("parameter -LiteralPath: unknown key 'Alias' in its yaml block", diagnostic.Message);
    }

    [Fact]
    public void Same_command_on_two_pages_is_reported()
    {
        var result = MamlCompiler.Compile(
        [
            (SamplePages.ImportUsageLogPath, SamplePages.ImportUsageLog),
            ("docs/copy.md", SamplePages.ImportUsageLog),
        ]);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("docs/copy.md", diagnostic.File);
        Assert.Contains(SamplePages.ImportUsageLogPath, diagnostic.Message);
    }

    private static CompileResult Compile(string markdown) =>
        MamlCompiler.Compile([(SamplePages.ImportUsageLogPath, markdown)]);
}
