namespace TokenMonitor.PowerShell.Tests;

/// <summary>
/// Get-ModelPricing, Update-ModelPricing and pricing files, each run in its own tokenmonitor process with its own
/// TOKENMONITOR_HOME, so that a refreshed catalog never reaches another test.
/// </summary>
public class PricingCmdletTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("tm-home-").FullName;
    private static readonly string LiteLlm = Path.Combine(RepoPaths.Root, "tests", "TokenMonitor.Core.Tests", "Fixtures", "litellm", "model_prices_and_context_window.json");

    private (int Code, string Out, string Err) Run(string command) =>
        TokenmonitorProcess.Run(new Dictionary<string, string> { ["TOKENMONITOR_HOME"] = _home }, "-Command", command);

    [Fact]
    public void Get_ModelPricing_finds_by_logged_name_wildcard_and_provider()
    {
        var (code, stdout, _) = Run("""
            (Get-ModelPricing claude-sonnet-4-5-20250929).Id
            (Get-ModelPricing 'us.anthropic.claude-haiku-4-5-20251001-v1:0').Id
            @(Get-ModelPricing 'gpt-5*' -Provider OpenAI).Count -gt 5
            @(Get-ModelPricing -Provider Anthropic | Where-Object Provider -ne 'Anthropic').Count
            Get-ModelPricing 'claude-opus-4-5' | Out-Default
            Get-ModelPricing no-such-model -ErrorAction SilentlyContinue -ErrorVariable missing; $missing[0].FullyQualifiedErrorId
            """);
        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["claude-sonnet-4-5", "claude-haiku-4-5", "True", "0"], lines[..4]);
        Assert.Matches(@"Model\s+Provider\s+Input/M\s+Output/M", stdout);
        Assert.Matches(@"claude-opus-4-5\s+Anthropic\s+\$5\.00\s+\$25\.00\s+\$0\.5000\s+\$6\.25\s+\$10\.00\s+Embedded 2026-11-23", stdout);
        Assert.Contains("ModelNotFound,TokenMonitor.Commands.GetModelPricingCommand", stdout);
    }

    [Fact]
    public void Update_ModelPricing_from_a_file_feeds_every_cmdlet_and_WhatIf_writes_nothing()
    {
        var whatIf = Run($"Update-ModelPricing -Path '{LiteLlm}' -WhatIf; [System.IO.File]::Exists('{_home}/prices-litellm.json')");
        Assert.Contains("What if:", whatIf.Out);
        Assert.Contains("False", whatIf.Out);

        var (code, stdout, stderr) = Run($$"""
            $update = Update-ModelPricing -Path '{{LiteLlm}}'
            "models=$($update.Models)"
            (Get-ModelPricing mistral-small-2603).Layer
            (Get-ModelPricing gpt-5-mini).Layer
            $record = @{ Model = 'mistral-small-2603'; InputTokens = 1000000; OutputTokens = 1000000; Timestamp = [datetimeoffset]'2026-11-17T10:00:00Z' } | Measure-TokenCost
            "cost=$($record.Cost.Total) from $($record.Cost.PriceEntry)"
            """);
        Assert.True(code == 0, stderr);
        Assert.Contains("models=5", stdout);
        Assert.Contains("LiteLLM", stdout);
        Assert.Contains("Embedded", stdout); // what the refresh lacks, the embedded catalog still prices
        Assert.Contains("cost=0.4 from mistral-small-2603", stdout);
    }

    [Fact]
    public void A_bad_list_leaves_the_catalog_as_it_was()
    {
        var bad = Path.Combine(_home, "not-prices.json");
        File.WriteAllText(bad, """{"hello": "world"}""");
        var (code, _, stderr) = Run($"Update-ModelPricing -Path '{bad}'");
        Assert.Equal(1, code);
        Assert.Contains("The prices were not updated from", stderr);
        Assert.Contains("not-prices.json", stderr);
        Assert.False(File.Exists(Path.Combine(_home, "prices-litellm.json")));
    }

    [Fact]
    public void A_pricing_file_wins_and_one_with_a_typo_is_refused_by_name()
    {
        var mine = Path.Combine(_home, "team-prices.json");
        File.WriteAllText(mine, """{"models":[{"id":"claude-sonnet-4-5","input":2,"output":10,"source":"our negotiated rate"}]}""");
        var typo = Path.Combine(_home, "typo.json");
        File.WriteAllText(typo, """{"models":[{"id":"claude-sonnet-4-5","input":2,"outptu":10}]}""");
        var (_, stdout, stderr) = Run($$"""
            $r = @{ Model = 'claude-sonnet-4-5-20250929'; InputTokens = 1000000; Timestamp = [datetimeoffset]'2026-11-17T10:00:00Z' } | Measure-TokenCost -PricingFile '{{mine}}'
            "cost=$($r.Cost.Total) $($r.Cost.PriceSource)"
            @{ Model = 'claude-sonnet-4-5'; InputTokens = 1 } | Measure-TokenCost -PricingFile '{{typo}}'
            """);
        Assert.Contains("cost=2 our negotiated rate\n", stdout.Replace("\r", "")); // the dated name Claude Code logs is priced by the override too
        Assert.Contains("typo.json: model 'claude-sonnet-4-5', field 'outptu': not a catalog field", stderr);
    }

    [Fact]
    public void Priority_records_are_priced_at_the_listed_priority_rates_and_a_file_can_state_its_own()
    {
        var mine = Path.Combine(_home, "priority-prices.json");
        File.WriteAllText(mine, """{"models":[{"id":"gpt-4o-mini","input":0.15,"output":0.60,"cacheRead":0.075,"priority":{"input":0.20,"output":0.80,"cacheRead":0.10},"source":"our agreement"}]}""");
        var typo = Path.Combine(_home, "priority-typo.json");
        File.WriteAllText(typo, """{"models":[{"id":"gpt-4o-mini","input":0.15,"output":0.60,"priority":{"input":0.25,"outptu":1.00}}]}""");
        var (_, stdout, stderr) = Run($$"""
            $calls = 'priority', 'default', 'flex' | ForEach-Object { [TokenMonitor.UsageRecord]@{ Timestamp = '2026-11-20T09:00:00Z'; Provider = 'OpenAI'; Model = 'gpt-4o-mini-2024-07-18'; InputTokens = 10000; CacheReadTokens = 20000; OutputTokens = 3000; ServiceTier = $_ } }
            $calls | Measure-TokenCost | ForEach-Object { "$($_.ServiceTier)=$($_.Cost.Total) $($_.Cost.PriceSource)" }
            $calls[0] | Measure-TokenCost -PricingFile '{{mine}}' | ForEach-Object { "file=$($_.Cost.Total) $($_.Cost.PriceSource)" }
            (Get-ModelPricing gpt-4o-mini).Priority.Output
            $calls[0] | Measure-TokenCost -PricingFile '{{typo}}'
            """);
        var lines = stdout.Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("priority=0.0080 https://github.com/anomalyco/models.dev (read 2026-11-23); priority processing rates", lines[0]); // 10,000 × 0.25 + 20,000 × 0.125 + 3,000 × 1.00
        Assert.Equal("default=0.0048 https://github.com/anomalyco/models.dev (read 2026-11-23)", lines[1]);
        Assert.Equal("flex=0.00240 https://github.com/anomalyco/models.dev (read 2026-11-23)", lines[2]); // half price, by the multiplier 0.5
        Assert.Equal("file=0.0064 our agreement; priority processing rates", lines[3]); // 10,000 × 0.20 + 20,000 × 0.10 + 3,000 × 0.80
        Assert.Equal("1.00", lines[4]);
        Assert.Contains("priority-typo.json: model 'gpt-4o-mini', field 'priority.outptu': not a tier field", stderr);
    }

    /// <summary>DeepSeek bills half outside 01:00-04:00 and 06:00-10:00 UTC on weekdays; 1M input + 100k output on deepseek-flash.</summary>
    [Fact]
    public void DeepSeek_calls_are_priced_at_the_rates_of_their_hour()
    {
        var (_, stdout, _) = Run("""
            $calls = '2026-11-24T02:00:00Z', '2026-11-24T05:00:00Z', '2026-11-28T02:00:00Z' | ForEach-Object { [TokenMonitor.UsageRecord]@{ Timestamp = $_; Provider = 'DeepSeek'; Model = 'deepseek-flash'; InputTokens = 1000000; OutputTokens = 100000 } }
            $calls | Measure-TokenCost | ForEach-Object { "$($_.Cost.Total) $($_.Cost.PriceSource.EndsWith('; off-peak rates'))" }
            ($calls | Measure-TokenCost -Summary).Cost
            """);
        var lines = stdout.Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["0.420 False", "0.210 True", "0.210 True", "0.840"], lines); // Tuesday 02:00 peak; 05:00 and Saturday off-peak
    }

    [Fact]
    public void Model_names_complete_from_the_catalog()
    {
        var (_, stdout, _) = Run("""
            (TabExpansion2 -inputScript 'Get-ModelPricing claude-sonnet-4-' -cursorColumn 33).CompletionMatches.CompletionText -join ','
            (TabExpansion2 -inputScript 'Measure-TokenCost -FallbackModel gpt-5-m' -cursorColumn 39).CompletionMatches.CompletionText -join ','
            """);
        Assert.Contains("claude-sonnet-4-5", stdout);
        Assert.Contains("gpt-5-mini", stdout);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);
}
