using System.Management.Automation;

namespace TokenMonitor.PowerShell.Tests;

/// <summary>The analysis cmdlets in real pipelines over the samples (their help examples run in HelpExampleTests).</summary>
public class AnalyticsCmdletTests
{
    private const string Claude = "Import-UsageLog ./samples/claude -Recurse -ErrorAction SilentlyContinue -WarningAction SilentlyContinue";

    [Fact]
    public void Blocks_of_the_samples_with_the_busiest_window_as_limit()
    {
        var run = HostedSession.Run($"{Claude} | Get-UsageBlock -TokenLimit max -AsOf '2026-11-18T23:59:00Z'");
        Assert.Null(run.Terminating);
        var blocks = run.Output;
        Assert.Equal(["2026-11-16T14:00:00.000Z", "gap-2026-11-16T19:03:", "2026-11-17T09:00:00.000Z", "gap-2026-11-17T15:41:", "2026-11-18T23:00:00.000Z"],
            blocks.Select(b => b.Get<string>("Id")).Select(id => id.StartsWith("gap-") ? id[..21] : id));
        Assert.Equal(18 - 5, blocks.Sum(b => b.Get<long>("Requests"))); // the calls of 19 and 20 November fall after AsOf
        Assert.All(blocks.Where(b => !b.Get<bool>("IsGap")), b => Assert.Equal(266_392L, b.Get<long>("TokenLimit")));
        Assert.True(blocks[^1].Get<bool>("IsActive"));
        Assert.Equal("Warning", blocks[^1].Get<string>("Level")); // its projection passes the limit
    }

    [Fact]
    public void Blocks_bind_to_Send_UsageAlert_by_property_name()
    {
        var run = HostedSession.Run($"{Claude} | Get-UsageBlock -Active -TokenLimit 100000 -AsOf '2026-11-18T23:59:00Z' | Send-UsageAlert");
        Assert.Empty(run.Errors);
        var result = Assert.Single(run.Output);
        Assert.Equal("Warning", result.Get<string>("Level"));
        Assert.Equal("5h window 2026-11-18 23:00", result.Get<string>("Budget"));
        Assert.Contains(run.ColouredLines, l => l.Text.Contains("[WARNING] 5h window 2026-11-18 23:00"));
    }

    [Fact]
    public void Unpriced_records_are_priced_like_Measure_TokenCost_prices_them()
    {
        var run = HostedSession.Run($"""
            $r = {Claude}
            ($r | Measure-TokenCost | Get-CacheEfficiency -GroupBy Provider).Savings
            ($r | Get-CacheEfficiency -GroupBy Provider).Savings
            ($r | Measure-TokenCost -Summary).CacheSavings
            """);
        Assert.Empty(run.Errors);
        Assert.Equal(3, run.Output.Count);
        Assert.Equal((decimal)run.Output[2].BaseObject, (decimal)run.Output[0].BaseObject);
        Assert.Equal((decimal)run.Output[2].BaseObject, (decimal)run.Output[1].BaseObject);
    }

    [Fact]
    public void Trend_and_series_agree_and_the_zone_moves_days()
    {
        var run = HostedSession.Run($"""
            $r = {Claude}
            $r | Get-UsageTrend -ForecastPeriods 2
            $r | Get-UsageTrend -AsSeries -ForecastPeriods 2
            """);
        Assert.Empty(run.Errors);
        var trend = run.Output[0];
        Assert.Equal("TokenMonitor.Analytics.UsageTrend", trend.TypeName());
        var series = run.Output.Skip(1).ToList();
        Assert.Equal(5 + 2, series.Count);
        Assert.Equal(["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22"], series.Select(p => p.Get<string>("Label")));
        var measured = HostedSession.Run($"{Claude} | Measure-TokenCost -Summary").Output[0].Get<decimal>("Cost");
        Assert.Equal((double)measured, series.Where(p => !p.Get<bool>("IsForecast")).Sum(p => p.Get<double>("Value")), 6);
    }

    [Fact]
    public void Anomalies_bind_to_Send_UsageAlert()
    {
        var run = HostedSession.Run($"{Claude} | Find-UsageAnomaly -Metric Cost -MinimumPeriods 3 -NoSeasonality | Send-UsageAlert -MinimumLevel Info");
        Assert.Empty(run.Errors);
        Assert.NotEmpty(run.Output);
        Assert.Contains(run.ColouredLines, l => l.Text.Contains("2026-11-17 (all): cost $1.59 is cost spike"));
    }

    [Fact]
    public void A_bad_time_zone_or_limit_ends_the_command_with_its_error_id()
    {
        var zone = HostedSession.Run($"{Claude} | Get-UsageTrend -TimeZone Mars/Olympus");
        Assert.Equal("InvalidTimeZone,TokenMonitor.Commands.GetUsageTrendCommand", Assert.Single(zone.Errors).FullyQualifiedErrorId);
        var limit = HostedSession.Run($"{Claude} | Get-UsageBlock -TokenLimit 99999999999999999999999");
        Assert.Equal("InvalidTokenLimit,TokenMonitor.Commands.GetUsageBlockCommand", Assert.Single(limit.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void Recommendations_come_largest_saving_first()
    {
        var run = HostedSession.Run("Import-UsageLog ./samples -Recurse -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Get-UsageRecommendation");
        Assert.Empty(run.Errors);
        var savings = run.Output.Select(o => o.Get<decimal>("EstimatedSavings")).ToList();
        Assert.NotEmpty(savings);
        Assert.Equal(savings.OrderDescending(), savings);
        Assert.Contains(run.Output, o => o.Get<string>("Kind") == "BatchApi" && o.Get<string>("Model") == "gpt-5");
        Assert.All(run.Output.Where(o => o.Get<string>("Kind") == "CheaperModel"), o => Assert.NotNull(o.Raw("SuggestedModel")));
    }

    [Fact]
    public void Report_honours_WhatIf_and_writes_Markdown()
    {
        var file = Path.Combine(Path.GetTempPath(), $"tm-{Guid.NewGuid():N}.md");
        var whatIf = HostedSession.Run($"{Claude} | Export-UsageReport -Path '{file}' -Format Markdown -WhatIf");
        Assert.Empty(whatIf.Output);
        Assert.False(File.Exists(file));
        Assert.Contains("Write Markdown usage report", whatIf.HostText);
        try
        {
            var run = HostedSession.Run($"{Claude} | Export-UsageReport -Path '{file}' -Format Markdown");
            Assert.Equal("System.IO.FileInfo", Assert.Single(run.Output).TypeName());
            var text = File.ReadAllText(file);
            Assert.Contains("| 2026-11-17 | 9 | 266,392 | $1.59 |", text);
            Assert.Contains("## By model", text);
            Assert.Contains("| &lt;synthetic&gt; |", text); // Claude Code's placeholder model, kept visible on GitHub
            Assert.DoesNotContain("<synthetic>", text);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
