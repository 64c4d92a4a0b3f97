using System.Management.Automation.Language;

namespace TokenMonitor.PowerShell.Tests;

/// <summary>
/// build.ps1 and the Pester suites need pwsh and Pester, which this machine lacks; the PowerShell parser at
/// least proves they parse, so a typo cannot wait for the first maintainer who runs them.
/// </summary>
public class ScriptSyntaxTests
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        data.Add("build.ps1");
        data.Add("samples/demo.ps1");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "tests", "Pester"), "*.ps1"))
        {
            data.Add(Path.GetRelativePath(RepoPaths.Root, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Script_parses_without_errors(string relativePath)
    {
        Parser.ParseFile(Path.Combine(RepoPaths.Root, relativePath), out _, out var errors);
        Assert.True(errors.Length == 0, string.Join(Environment.NewLine, errors.Select(e => $"{e.Extent.StartLineNumber}: {e.Message}")));
    }

    [Fact]
    public void Pester_suite_covers_what_the_hosted_suite_covers()
    {
        var pester = File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Pester", "TokenMonitor.Tests.ps1"));
        foreach (var topic in new[] { "Test-ModuleManifest", "InvalidUsageRecord", "-WhatIf", "Level = 'Critical'", "-AllPeriods", "-GroupBy Day", "Get-Help", "-BudgetFile", "-Window 5h", "-Quiet", "-FailOnExceeded", "Assert-TokenBudget", "Should -BeWithinBudget", "New-TokenBudget", "Save-UsageRecord", "Get-UsageRecord", "Remove-UsageRecord", "-Incremental", "-PassThru", "New-AlertChannel", "-Cooldown", "-Force", "InvalidChannelFile",
            "Records handed straight to Measure-TokenCost" })
        {
            Assert.Contains(topic, pester);
        }
    }
}
