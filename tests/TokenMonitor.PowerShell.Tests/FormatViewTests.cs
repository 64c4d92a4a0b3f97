namespace TokenMonitor.PowerShell.Tests;

/// <summary>Every type a cmdlet declares it writes has a default view, and each renders through Out-Default without errors.</summary>
public class FormatViewTests
{
    private const string Claude = "Import-UsageLog ./samples/claude -Recurse -ErrorAction SilentlyContinue -WarningAction SilentlyContinue";
    private static readonly string LiteLlm = Path.Combine(RepoPaths.Root, "tests", "TokenMonitor.Core.Tests", "Fixtures", "litellm", "model_prices_and_context_window.json");

    /// <summary>One real producer per output type, and the column header its view shows.</summary>
    private static readonly Dictionary<string, (string Script, string Header)> Producers = new()
    {
        ["TokenMonitor.UsageRecord"] = ($"{Claude} | Measure-TokenCost", @"Timestamp \(UTC\)\s+Model"),
        ["TokenMonitor.UsageSummary"] = ($"{Claude} | Measure-TokenCost -GroupBy Project", @"Group\s+Requests"),
        ["TokenMonitor.TokenCost"] = ($"({Claude} | Measure-TokenCost)[0].Cost", @"PriceEntry\s*:"),
        ["TokenMonitor.BudgetStatus"] = ($"{Claude} | Test-BudgetThreshold -Amount 5 -AsOf 2026-11-20", @"Budget\s+Period\s+Start\s+Spent"),
        ["TokenMonitor.Budgets.Budget"] = ("New-TokenBudget -Name plan -Amount 5", @"Name\s+Period\s+Amount"),
        ["TokenMonitor.Alerts.AlertChannel"] = ("New-AlertChannel -Slack https://hooks.slack.com/services/T0/B0/secret -Name team", @"Name\s+Kind\s+MinimumLevel\s+Signed\s+Target"),
        ["TokenMonitor.AlertResult"] = ("[pscustomobject]@{ Level = 'Warning'; Message = 'm' } | Send-UsageAlert", @"Channel\s+Budget\s+Level\s+Status"),
        ["TokenMonitor.Pricing.ModelPrice"] = ("Get-ModelPricing claude-opus-4-5", @"Model\s+Provider\s+Input/M"),
        ["TokenMonitor.Pricing.PricingUpdate"] = ($"Update-ModelPricing -Path '{LiteLlm}' -Confirm:$false", @"Models"),
        ["TokenMonitor.Analytics.CacheEfficiency"] = ($"{Claude} | Get-CacheEfficiency", @"Group\s+Requests\s+ReqHit\s+TokHit"),
        ["TokenMonitor.Analytics.UsageTrend"] = ($"{Claude} | Get-UsageTrend", @"Metric\s+Interval\s+From\s+To\s+Direction"),
        ["TokenMonitor.Analytics.TrendPoint"] = ($"{Claude} | Get-UsageTrend -AsSeries", @"Period\s+Kind\s+Value\s+Low\s+High"),
        ["TokenMonitor.Analytics.UsageAnomaly"] = ("[TokenMonitor.Analytics.UsageAnomaly]::new()", @"Period\s+Group\s+Metric\s+Value\s+Expected"),
        ["TokenMonitor.Analytics.UsageBlock"] = ($"{Claude} | Get-UsageBlock -AsOf 2026-11-20", @"Start \(UTC\)\s+End\s+State\s+Requests"),
        ["TokenMonitor.Analytics.UsageRecommendation"] = ($"Import-UsageLog ./samples -Recurse -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Get-UsageRecommendation", @"Kind\s+Scope\s+Requests\s+Now\s+Saving"),
        ["TokenMonitor.Analytics.Live.LiveUsageSnapshot"] = ("Watch-TokenUsage ./samples/claude -Once -PassThru -TokenLimit max", @"At \(UTC\)\s+Window\s+Tokens\s+Cost"),
    };

    [Fact]
    public void Every_declared_output_type_has_a_producer_here_and_a_view_in_the_format_file()
    {
        var run = HostedSession.Run("Get-Command -Module TokenMonitor | ForEach-Object { $_.OutputType.Name } | Where-Object { $_ -like 'TokenMonitor.*' }");
        var declared = run.Output.Select(o => o.ToString()).Distinct().Order().ToList();
        Assert.Equal(declared, Producers.Keys.Where(k => k != "TokenMonitor.TokenCost").Order());

        var formats = File.ReadAllText(Path.Combine(RepoPaths.Root, "module", "TokenMonitor.Format.ps1xml"));
        Assert.All(Producers.Keys, type => Assert.Contains($"<TypeName>{type}</TypeName>", formats));
    }

    [Fact]
    public void Every_output_type_renders_through_its_view()
    {
        var home = Directory.CreateTempSubdirectory("tm-views-").FullName;
        try
        {
            var script = string.Join("\n", Producers.Select(p =>
                $"'=== {p.Key}'; $o = @({p.Value.Script}); if ($o.Count -eq 0) {{ 'EMPTY' }} elseif ($o[0].GetType().FullName -ne '{p.Key}') {{ 'WRONG ' + $o[0].GetType().FullName }}; $o | Out-Default"));
            var (code, stdout, stderr) = TokenmonitorProcess.Run(new Dictionary<string, string> { ["TOKENMONITOR_HOME"] = home, ["NO_COLOR"] = "1" }, "-Command", script);
            Assert.True(string.IsNullOrWhiteSpace(stderr), stderr);
            Assert.Equal(0, code);
            var sections = stdout.Split("=== ", StringSplitOptions.RemoveEmptyEntries).ToDictionary(s => s[..s.IndexOf('\n')].Trim(), s => s[(s.IndexOf('\n') + 1)..]);
            foreach (var (type, (_, header)) in Producers)
            {
                var text = sections[type];
                Assert.DoesNotContain("EMPTY", text);
                Assert.DoesNotContain("WRONG", text);
                Assert.Matches(header, text);
                Assert.DoesNotContain(type, text); // a view drew it, not PowerShell's fallback
            }
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
