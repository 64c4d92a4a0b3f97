using System.Management.Automation;

namespace TokenMonitor.PowerShell.Tests;

/// <summary>The assembled module as a user meets it: manifest, commands, help and views.</summary>
public class ModuleTests
{
    private static readonly string[] Cmdlets = ["Import-UsageLog", "Measure-TokenCost", "Get-ModelPricing", "Update-ModelPricing", "Test-BudgetThreshold", "New-TokenBudget", "Assert-TokenBudget", "Send-UsageAlert", "New-AlertChannel",
        "Save-UsageRecord", "Get-UsageRecord", "Remove-UsageRecord",
        "Get-UsageBlock", "Get-CacheEfficiency", "Get-UsageTrend", "Find-UsageAnomaly", "Get-UsageRecommendation", "Watch-TokenUsage", "Export-UsageReport"];

    [Fact]
    public void Manifest_is_valid_and_exports_the_cmdlets_by_name()
    {
        var run = HostedSession.Run($"Test-ModuleManifest -Path '{RepoPaths.Manifest}'");
        Assert.Empty(run.Errors);
        var module = Assert.Single(run.Output);
        Assert.Equal("TokenMonitor", module.Get<string>("Name"));
        Assert.Equal(new Version(7, 4), module.Get<Version>("PowerShellVersion"));
        var exported = ((System.Collections.IDictionary)module.Raw("ExportedCmdlets")!).Keys.Cast<string>().Order();
        Assert.Equal(Cmdlets.Order(), exported);
    }

    [Fact]
    public void Module_folder_ships_its_dependencies_but_never_the_PowerShell_reference_assemblies()
    {
        var folder = Path.GetDirectoryName(RepoPaths.Manifest)!;
        // The engine's libraries live in dependencies/, loaded into the module's own context (DependencyIsolationTests).
        Assert.True(File.Exists(Path.Combine(folder, "dependencies", "System.IO.Hashing.dll")));
        Assert.False(File.Exists(Path.Combine(folder, "System.IO.Hashing.dll")));
        Assert.False(File.Exists(Path.Combine(folder, "System.Management.Automation.dll")));
        Assert.True(File.Exists(Path.Combine(folder, "en-US", "TokenMonitor.PowerShell.dll-Help.xml")));
    }

    [Fact]
    public void Module_version_matches_the_assembly()
    {
        var run = HostedSession.Run("""
            $m = Get-Module TokenMonitor
            $m.Version
            [TokenMonitor.Commands.ImportUsageLogCommand].Assembly.GetName().Version
            """);
        var manifest = (Version)run.Output[0].BaseObject;
        var assembly = (Version)run.Output[1].BaseObject;
        Assert.Equal(manifest.ToString(3), assembly.ToString(3));
    }

    [Fact]
    public void Every_cmdlet_declares_its_output_type()
    {
        var run = HostedSession.Run("Get-Command -Module TokenMonitor | ForEach-Object { '{0}={1}' -f $_.Name, ($_.OutputType.Name -join ',') }");
        var lines = run.Output.Select(o => o.ToString()).ToList();
        Assert.Contains("Import-UsageLog=TokenMonitor.UsageRecord", lines);
        Assert.Contains("Measure-TokenCost=TokenMonitor.UsageRecord,TokenMonitor.UsageSummary", lines);
        Assert.Contains("Test-BudgetThreshold=TokenMonitor.BudgetStatus,System.Boolean", lines);
        Assert.Contains("New-TokenBudget=TokenMonitor.Budgets.Budget", lines);
        Assert.Contains("Assert-TokenBudget=TokenMonitor.BudgetStatus", lines);
        Assert.Contains("Send-UsageAlert=TokenMonitor.AlertResult", lines);
        Assert.Contains("New-AlertChannel=TokenMonitor.Alerts.AlertChannel", lines);
        Assert.Contains("Get-UsageBlock=TokenMonitor.Analytics.UsageBlock", lines);
        Assert.Contains("Get-CacheEfficiency=TokenMonitor.Analytics.CacheEfficiency", lines);
        Assert.Contains("Get-UsageTrend=TokenMonitor.Analytics.UsageTrend,TokenMonitor.Analytics.TrendPoint", lines);
        Assert.Contains("Find-UsageAnomaly=TokenMonitor.Analytics.UsageAnomaly", lines);
        Assert.Contains("Get-UsageRecommendation=TokenMonitor.Analytics.UsageRecommendation", lines);
        Assert.Contains("Save-UsageRecord=TokenMonitor.UsageRecord", lines);
        Assert.Contains("Get-UsageRecord=TokenMonitor.UsageRecord", lines);
    }

    [Theory]
    [InlineData("Import-UsageLog")]
    [InlineData("Measure-TokenCost")]
    [InlineData("Test-BudgetThreshold")]
    [InlineData("New-TokenBudget")]
    [InlineData("Assert-TokenBudget")]
    [InlineData("Send-UsageAlert")]
    [InlineData("New-AlertChannel")]
    [InlineData("Get-ModelPricing")]
    [InlineData("Update-ModelPricing")]
    [InlineData("Get-UsageBlock")]
    [InlineData("Get-CacheEfficiency")]
    [InlineData("Get-UsageTrend")]
    [InlineData("Find-UsageAnomaly")]
    [InlineData("Get-UsageRecommendation")]
    [InlineData("Watch-TokenUsage")]
    [InlineData("Export-UsageReport")]
    [InlineData("Save-UsageRecord")]
    [InlineData("Get-UsageRecord")]
    [InlineData("Remove-UsageRecord")]
    public void Every_cmdlet_has_help_with_a_synopsis_and_examples(string cmdlet)
    {
        var run = HostedSession.Run($$"""
            $help = Get-Help {{cmdlet}} -Full
            $help.Synopsis
            @($help.Examples.Example).Count
            @($help.Examples.Example)[0].Code
            ($help.Parameters.Parameter | ForEach-Object { $_.Name }) -join ','
            """);
        Assert.Empty(run.Errors);
        var synopsis = run.Output[0].ToString();
        Assert.False(string.IsNullOrWhiteSpace(synopsis));
        Assert.DoesNotContain(cmdlet + " ", synopsis.TrimStart()[..Math.Min(synopsis.Length, cmdlet.Length + 1)]); // not the auto-generated syntax line
        Assert.True((int)run.Output[1].BaseObject >= 3, "at least three examples");
        Assert.Contains(cmdlet, run.Output[2].ToString());
        Assert.NotEmpty(run.Output[3].ToString());
    }

    [Fact]
    public void About_topic_is_found()
    {
        var run = HostedSession.Run("Get-Help about_TokenMonitor | ForEach-Object { $_.ToString() }");
        Assert.Contains("Import-UsageLog", string.Join("\n", run.Output));
    }

    [Fact]
    public void Default_views_render_money_tokens_and_levels()
    {
        var run = HostedSession.Run("""
            $r = Import-UsageLog ./samples -Recurse -ErrorAction SilentlyContinue | Measure-TokenCost
            $r | Measure-TokenCost -GroupBy Day | Out-Default
            $r | Measure-TokenCost -GroupBy Model | Out-Default
            $r | Measure-TokenCost -GroupBy Project, Month | Out-Default
            $r | Test-BudgetThreshold -Amount 1 -Period Daily -AsOf '2026-11-17T20:00:00Z' | Out-Default
            [pscustomobject]@{ Level = 'Warning'; Message = 'm' } | Send-UsageAlert | Out-Default
            $r | Where-Object Model -like 'gpt-5-mini*' | Out-Default
            """, render: true);
        Assert.Null(run.Terminating);
        var text = run.HostText;
        Assert.Matches(@"Day\s+Requests\s+Input\s+Output\s+CacheRead\s+CacheWrite\s+Cost\s+Saved", text);
        Assert.Matches(@"2026-11-17\s+9\s+", text);
        Assert.Matches(@"Model\s+Requests", text);
        Assert.Matches(@"Group\s+Requests", text);
        Assert.Matches(@"-home-alice-src-api / 2026-11", text);
        Assert.Matches(@"Budget\s+Period\s+Start\s+Spent\s+Limit\s+Used\s+Level", text);
        Assert.Matches(@"default\s+Daily\s+2026-11-17 00:00\s+\$\d+\.\d\d\s+\$1\.00\s+\d+(\.\d)?%\s+Exceeded", text);
        Assert.Matches(@"Channel\s+Budget\s+Level\s+Status", text);
        Assert.Matches(@"Timestamp \(UTC\)\s+Model\s+Input\s+Output", text);
        Assert.Matches(@"\d{1,3}(,\d{3})+", text); // token counts with separators
        Assert.DoesNotContain("TokenMonitor.UsageSummary", text); // a view was used, not the type name
    }

    /// <summary>
    /// The cmdlet assembly lives in PowerShell's default load context; the libraries live in the module's own. A cmdlet
    /// that named a library type (an exception to catch, an enum parameter) would make the default context look for
    /// that library, and fail.
    /// </summary>
    [Fact]
    public void The_cmdlet_assembly_references_no_library_of_the_engine()
    {
        var path = Path.Combine(Path.GetDirectoryName(RepoPaths.Manifest)!, "TokenMonitor.PowerShell.dll");
        var context = new System.Runtime.Loader.AssemblyLoadContext("inspect", isCollectible: true);
        try
        {
            var references = context.LoadFromStream(new MemoryStream(File.ReadAllBytes(path))).GetReferencedAssemblies().Select(a => a.Name!).ToList();
            var allowed = new[] { "TokenMonitor.Core", "TokenMonitor.Loader", "System.Management.Automation", "netstandard", "mscorlib" };
            var libraries = references.Where(r => !allowed.Contains(r) && !r.StartsWith("System.", StringComparison.Ordinal) && !r.StartsWith("Microsoft.Win32", StringComparison.Ordinal)).ToList();
            Assert.True(libraries.Count == 0, "TokenMonitor.PowerShell references " + string.Join(", ", libraries));
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void The_about_topic_names_every_cmdlet()
    {
        var run = HostedSession.Run("(Get-Help about_TokenMonitor | ForEach-Object { $_.ToString() }) -join \"`n\"");
        var text = run.Output.Single().ToString();
        Assert.All(Cmdlets.Append("New-AlertChannel").Distinct(), cmdlet => Assert.Contains(cmdlet, text));
    }
}
