using System.Management.Automation;

namespace TokenMonitor.PowerShell.Tests;

/// <summary>The four stages in one real pipeline over the repository's samples.</summary>
public class PipelineTests
{
    private const string AsOf = "'2026-11-17T20:00:00Z'";

    [Fact]
    public void Four_stages_end_in_alert_results()
    {
        var run = HostedSession.Run($$"""
            Import-UsageLog ./samples -Recurse -ErrorAction SilentlyContinue |
                Measure-TokenCost |
                Test-BudgetThreshold -Amount 1 -Period Daily -AsOf {{AsOf}} |
                Send-UsageAlert -MinimumLevel Info
            """);

        Assert.Null(run.Terminating);
        var result = Assert.Single(run.Output);
        Assert.Equal("TokenMonitor.AlertResult", result.TypeName());
        Assert.Equal("Sent", result.Get<string>("Status"));
        Assert.Equal("Console", result.Get<string>("Channel"));
        Assert.Equal("Exceeded", result.Get<string>("Level"));
        var (colour, line) = Assert.Single(run.ColouredLines);
        Assert.Equal(ConsoleColor.Magenta, colour);
        Assert.StartsWith("[EXCEEDED] Budget 'default'", line);
    }

    [Fact]
    public void Import_reads_every_sample_and_counts_each_call_once()
    {
        var run = HostedSession.Run("Import-UsageLog ./samples -Recurse");
        var records = run.Output;
        Assert.Equal(18 + 1 + 4 + 3, records.Count); // Claude folder after dedup (samples/EXPECTED.md) + API files
        Assert.All(records, r => Assert.Equal("TokenMonitor.UsageRecord", r.TypeName()));
        Assert.Equal(records.Count, records.Select(r => r.Get<string>("Key")).Distinct().Count());
        Assert.Single(run.Errors);
        var warning = Assert.Single(run.Warnings);
        Assert.Contains("1 entry skipped (1 TruncatedLine)", warning.Message);
    }

    [Fact]
    public void Measure_prices_every_record_and_passes_it_on()
    {
        var run = HostedSession.Run("Import-UsageLog ./samples/api -Recurse | Measure-TokenCost");
        Assert.Equal(8, run.Output.Count);
        Assert.All(run.Output, r =>
        {
            var cost = (PSObject)PSObject.AsPSObject(r.Raw("Cost"));
            Assert.False(cost.Get<bool>("IsUnknownModel"));
            Assert.True(cost.Get<decimal>("Total") > 0m);
            Assert.NotNull(cost.Get<string>("PriceSource"));
        });
    }

    [Fact]
    public void GroupBy_day_emits_one_summary_per_day_in_the_chosen_zone()
    {
        var utc = HostedSession.Run("Import-UsageLog ./samples/claude -Recurse -ErrorAction SilentlyContinue | Measure-TokenCost -GroupBy Day");
        Assert.Equal(["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"],
            utc.Output.Select(o => ((DateOnly)o.Raw("Day")!).ToString("yyyy-MM-dd")));
        Assert.Equal("TokenMonitor.UsageSummary#Day", utc.Output[0].TypeNames[0]);
        Assert.Equal(18, utc.Output.Sum(o => o.Get<long>("Requests")));

        var berlin = HostedSession.Run("Import-UsageLog ./samples/claude -Recurse -ErrorAction SilentlyContinue | Measure-TokenCost -GroupBy Day -TimeZone Europe/Berlin");
        Assert.Equal(4, berlin.Output.Count);
    }

    [Fact]
    public void Summary_and_group_by_model_agree_on_the_total()
    {
        var run = HostedSession.Run("""
            $records = Import-UsageLog ./samples -Recurse -ErrorAction SilentlyContinue | Measure-TokenCost
            $records | Measure-TokenCost -Summary
            $records | Measure-TokenCost -GroupBy Model
            """);
        var summary = run.Output[0];
        var byModel = run.Output.Skip(1).ToList();
        Assert.Equal(26, summary.Get<long>("Requests"));
        Assert.Equal(summary.Get<decimal>("Cost"), byModel.Sum(o => o.Get<decimal>("Cost")));
        Assert.Contains(byModel, o => o.Get<string>("Model") == "<synthetic>");
        Assert.Equal(0, summary.Get<long>("UnpricedRequests"));
    }

    [Fact]
    public void WhatIf_sends_nothing_and_says_what_it_would_do()
    {
        var run = HostedSession.Run($"Import-UsageLog ./samples -Recurse -ErrorAction SilentlyContinue | Test-BudgetThreshold -Amount 1 -Period Daily -AsOf {AsOf} | Send-UsageAlert -WhatIf");
        Assert.Empty(run.Output);
        Assert.Empty(run.ColouredLines);
        Assert.Contains("What if: Performing the operation \"Send Exceeded alert\" on target \"Console: budget 'default'\"", run.HostText);
    }

    [Fact]
    public void Statuses_below_the_minimum_level_send_nothing()
    {
        var run = HostedSession.Run($"Import-UsageLog ./samples -Recurse -ErrorAction SilentlyContinue | Test-BudgetThreshold -Amount 1000 -Period Daily -AsOf {AsOf} | Send-UsageAlert");
        Assert.Empty(run.Output);
        Assert.Empty(run.ColouredLines);
    }

    [Fact]
    public void Budget_history_with_all_periods()
    {
        // Anthropic Messages responses carry no time (their file's last write stands in), so they stay out of a dated test.
        var run = HostedSession.Run("Import-UsageLog ./samples/claude, ./samples/api/openai-* -Recurse -ErrorAction SilentlyContinue | Test-BudgetThreshold -Amount 5 -Period Daily -AllPeriods -AsOf '2026-11-23T12:00:00Z'");
        var statuses = run.Output;
        Assert.Equal(["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21", "2026-11-23"],
            statuses.Select(s => s.Get<DateTimeOffset>("PeriodStart").ToString("yyyy-MM-dd")));
        Assert.True(statuses[^1].Get<bool>("IsCurrent"));
        Assert.Equal(0m, statuses[^1].Get<decimal>("Spent"));
        Assert.All(statuses, s => Assert.Equal("TokenMonitor.BudgetStatus", s.TypeName()));
    }
}
