namespace TokenMonitor.PowerShell.Tests;

/// <summary>
/// Get-Help of every exported cmdlet is complete, as a user reads it offline: synopsis, description, every parameter
/// the code has (and none it lacks) with a description, type, pipeline input and default, at least three examples
/// each explained, inputs, outputs and related links. The cmdlet list is the module's, so a new cmdlet is checked too.
/// </summary>
public class HelpCompletenessTests
{
    public static TheoryData<string> ExportedCmdlets()
    {
        var run = HostedSession.Run("(Get-Module TokenMonitor).ExportedCmdlets.Keys"); // Sort-Object is not in the engine package
        var data = new TheoryData<string>();
        foreach (var name in run.Output.Select(o => o.ToString()).Order(StringComparer.Ordinal)) data.Add(name);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(ExportedCmdlets))]
    public void Help_is_complete(string cmdlet)
    {
        var gaps = Gaps(cmdlet);
        Assert.True(gaps.Count == 0, $"{cmdlet}:\n" + string.Join("\n", gaps));
    }

    [Theory]
    [InlineData("about_TokenMonitor", "WINDOWS POWERSHELL 5.1")]
    [InlineData("about_TokenMonitor_Budgets", "BudgetFile")]
    [InlineData("about_TokenMonitor_Formats", "InvalidUsageRecord")]
    public void About_topics_are_found_offline(string topic, string expected)
    {
        var run = HostedSession.Run($"Get-Help {topic} | ForEach-Object {{ $_.ToString() }}");
        Assert.Empty(run.Errors);
        Assert.Contains(expected, string.Join("\n", run.Output));
    }

    private static List<string> Gaps(string cmdlet)
    {
        // One line per finding, so a failure lists every gap of the page at once.
        var run = HostedSession.Run($$"""
            $help = Get-Help {{cmdlet}} -Full
            $command = Get-Command {{cmdlet}}
            $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
            if ("$($help.Synopsis)".Trim() -eq '' -or "$($help.Synopsis)".TrimStart().StartsWith('{{cmdlet}} ')) { 'no synopsis' }
            if ((@($help.Description) | ForEach-Object Text) -join '' -eq '') { 'no description' }
            $documented = @{}
            foreach ($p in @($help.Parameters.Parameter)) {
                $documented[$p.Name] = $true
                if (-not $command.Parameters.ContainsKey($p.Name)) { "help documents -$($p.Name), which the cmdlet lacks"; continue }
                if ((@($p.Description) | ForEach-Object Text) -join '' -eq '') { "-$($p.Name) has no description" }
                if ("$($p.Type.Name)" -eq '') { "-$($p.Name) has no type" }
                if ("$($p.PipelineInput)" -eq '') { "-$($p.Name) does not say whether it takes pipeline input" }
                if ($null -eq $p.DefaultValue) { "-$($p.Name) has no default value entry" }
            }
            foreach ($name in $command.Parameters.Keys) {
                if ($name -notin $common -and -not $documented.ContainsKey($name)) { "-$name is not documented" }
            }
            $examples = @($help.Examples.Example)
            if ($examples.Count -lt 3) { "$($examples.Count) examples, fewer than three" }
            foreach ($e in $examples) {
                if ("$($e.Code)".Trim() -eq '') { "$($e.Title.Trim('- ')) has no code" }
                if ((@($e.Remarks) | ForEach-Object Text) -join '' -eq '') { "$($e.Title.Trim('- ')) has no explanation or output" }
            }
            if (@($help.InputTypes.InputType).Count -eq 0 -or "$($help.InputTypes.InputType[0].Type.Name)" -eq '') { 'no inputs' }
            if (@($help.ReturnValues.ReturnValue).Count -eq 0 -or "$(@($help.ReturnValues.ReturnValue)[0].Type.Name)" -eq '') { 'no outputs' }
            if (@($help.RelatedLinks.NavigationLink | Where-Object { "$($_.LinkText)$($_.Uri)" -ne '' }).Count -eq 0) { 'no related links' }
            """);
        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        return [.. run.Output.Select(o => o.ToString())];
    }
}
