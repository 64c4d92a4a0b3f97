namespace TokenMonitor.HelpCompiler.Tests;

/// <summary>Pages in platyPS 0.14 "schema: 2.0.0" shape, written the way New-MarkdownHelp lays them out.</summary>
internal static class SamplePages
{
    public const string ImportUsageLogPath = "docs/Import-UsageLog.md";

    public const string ImportUsageLog = """
        ---
        external help file: TokenMonitor.PowerShell.dll-Help.xml
        Module Name: TokenMonitor
        online version: https://example.org/tokenmonitor/Import-UsageLog
        schema: 2.0.0
        ---

        # Import-UsageLog

        ## SYNOPSIS
        Reads token usage records from AI coding assistant logs.

        ## SYNTAX

        ### Path (Default)
        ```
        Import-UsageLog [-Path] <String[]> [-Recurse] [-Provider <String>] [<CommonParameters>]
        ```

        ### LiteralPath
        ```
        Import-UsageLog -LiteralPath <String[]> [-Recurse] [-Provider <String>] [<CommonParameters>]
        ```

        ## DESCRIPTION
        The `Import-UsageLog` cmdlet reads **JSONL** session logs and emits one
        [UsageRecord](https://example.org/usage-record) per model call.

        It understands these formats:

        - Claude Code project logs
        - Codex CLI sessions

        ## EXAMPLES

        ### Example 1: Read Claude Code logs
        ```powershell
        PS> Import-UsageLog ~/.claude/projects -Recurse
        ```

        Reads every log below the Claude Code projects folder.

        ### Example 2: Pipe paths in
        ```powershell
        PS> Get-ChildItem *.jsonl | Import-UsageLog
        ```

        Paths arrive through the pipeline.
        The output looks like this:

        ```
        Model            InputTokens OutputTokens
        -----            ----------- ------------
        claude-sonnet-4         1200          300
        ```

        ## PARAMETERS

        ### -LiteralPath
        Paths used exactly as typed; no wildcards.

        ```yaml
        Type: String[]
        Parameter Sets: LiteralPath
        Aliases: PSPath, LP

        Required: True
        Position: Named
        Default value: None
        Accept pipeline input: True (ByPropertyName)
        Accept wildcard characters: False
        ```

        ### -Path
        One or more log files or folders.

        Wildcards are expanded.

        ```yaml
        Type: String[]
        Parameter Sets: Path
        Aliases:

        Required: True
        Position: 0
        Default value: None
        Accept pipeline input: True (ByValue)
        Accept wildcard characters: True
        ```

        ### -Provider
        Which assistant wrote the logs.

        ```yaml
        Type: String
        Parameter Sets: (All)
        Aliases:
        Accepted values: Claude, Codex

        Required: False
        Position: Named
        Default value: Claude
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### -Recurse
        Also reads logs in subfolders.

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

        ### CommonParameters
        This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, -InformationVariable, -OutVariable, -OutBuffer, -PipelineVariable, -Verbose, -WarningAction, and -WarningVariable. For more information, see [about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).

        ## INPUTS

        ### System.String
        A path to read.

        ## OUTPUTS

        ### TokenMonitor.UsageRecord
        One record per model call.

        ## NOTES
        Logs are read without being locked.

        ## RELATED LINKS

        [Measure-TokenCost](Measure-TokenCost.md)

        [about_TokenMonitor](about_TokenMonitor.md)

        """;

    public const string AboutTopic = """
        # about_TokenMonitor

        ## SHORT DESCRIPTION
        What TokenMonitor is.
        """;

    public const string ModulePage = """
        ---
        Module Name: TokenMonitor
        Module Guid: 00000000-0000-0000-0000-000000000000
        ---

        # TokenMonitor Module
        ## Description
        Token usage for AI coding assistants.
        """;

    /// <summary>The sample page with one block of lines replaced, for pages that break one rule.</summary>
    public static string ImportUsageLogWith(string original, string replacement)
    {
        Assert.Contains(original, ImportUsageLog);
        return ImportUsageLog.Replace(original, replacement);
    }

    public static int LineOf(string markdown, string lineText) =>
        markdown.Split('\n').Select((line, index) => (line, index)).First(pair => pair.line.TrimEnd('\r') == lineText).index + 1;
}
