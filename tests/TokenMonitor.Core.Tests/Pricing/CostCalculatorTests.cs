using TokenMonitor.Pricing;

namespace TokenMonitor.Tests.Pricing;

/// <summary>Costs computed by hand from the list prices cited in the catalog (USD per million tokens).</summary>
public class CostCalculatorTests
{
    private static readonly CostCalculator Default = new(PriceCatalog.Embedded, new PricingOptions());

    private static UsageRecord Record(string model, long input = 0, long output = 0, long cacheRead = 0, long write5m = 0,
        long write1h = 0, long reasoning = 0) => new()
    {
        Model = model,
        InputTokens = input,
        OutputTokens = output,
        CacheReadTokens = cacheRead,
        CacheWrite5mTokens = write5m,
        CacheWrite1hTokens = write1h,
        ReasoningTokens = reasoning,
    };

    [Fact]
    public void Every_component_of_a_claude_call()
    {
        // Sonnet 4.5: input 3, output 15, cache read 0.30, 5m write 3.75, 1h write 6.
        var cost = Default.Price(Record("claude-sonnet-4-5-20250929", input: 1_000, output: 2_000, cacheRead: 10_000, write5m: 4_000, write1h: 1_000));
        Assert.Equal(0.003m, cost.Input);
        Assert.Equal(0.03m, cost.Output);
        Assert.Equal(0.003m, cost.CacheRead);
        Assert.Equal(0.015m, cost.CacheWrite5m);
        Assert.Equal(0.006m, cost.CacheWrite1h);
        Assert.Equal(0.021m, cost.CacheWrite);
        Assert.Equal(0.057m, cost.Total);
        Assert.Equal(0.078m, cost.WithoutCache); // 16,000 prompt tokens at 3 + output
        Assert.Equal(0.021m, cost.CacheSavings);
        Assert.Equal("claude-sonnet-4-5", cost.PriceEntry);
        Assert.Contains("claude.com", cost.PriceSource);
        Assert.False(cost.IsLongContext);
    }

    [Fact]
    public void Long_context_bills_the_whole_request_at_the_higher_rate()
    {
        // peers.md §1.8: 5,000 input + 210,000 cache read + 2,000 output → 5,000×6 + 210,000×0.60 + 2,000×22.50.
        var cost = Default.Price(Record("claude-sonnet-4-5", input: 5_000, output: 2_000, cacheRead: 210_000));
        Assert.True(cost.IsLongContext);
        Assert.Equal(0.201m, cost.Total);
    }

    [Fact]
    public void A_prompt_of_exactly_the_threshold_is_not_long_context()
    {
        var cost = Default.Price(Record("claude-sonnet-4-5", input: 100_000, cacheRead: 50_000, write5m: 50_000));
        Assert.False(cost.IsLongContext);
        Assert.Equal(100_000 * 3m / 1_000_000 + 50_000 * 0.3m / 1_000_000 + 50_000 * 3.75m / 1_000_000, cost.Total);
    }

    [Fact]
    public void Gemini_long_context_counts_cached_tokens_toward_the_threshold()
    {
        // Gemini 2.5 Pro over 200k prompt: input 2.50, cache 0.25, output 15.
        var cost = Default.Price(Record("models/gemini-2.5-pro", input: 150_000, cacheRead: 60_000, output: 1_000));
        Assert.True(cost.IsLongContext);
        Assert.Equal(0.375m + 0.015m + 0.015m, cost.Total);
    }

    [Fact]
    public void OpenAI_cached_input_and_reasoning_inside_output()
    {
        // gpt-5: input 1.25, cached 0.125, output 10; reasoning is a share of output, never added.
        var cost = Default.Price(Record("gpt-5-2025-08-07", input: 1_000, cacheRead: 4_000, output: 500, reasoning: 300));
        Assert.Equal(0.00675m, cost.Total);
        Assert.Equal(0.003m, cost.Reasoning);
        Assert.Equal(0.005m, cost.Output);
    }

    [Fact]
    public void Batch_tier_halves_the_price()
    {
        var record = Record("claude-sonnet-4-5", input: 100_000);
        record.ServiceTier = "batch";
        Assert.Equal(0.15m, Default.Price(record).Total);
        Assert.Equal(0.15m, new CostCalculator(PriceCatalog.Embedded, new PricingOptions { Batch = true }).Price(Record("claude-sonnet-4-5", input: 100_000)).Total);
    }

    [Fact]
    public void Fast_mode_multiplies_the_price()
    {
        var record = Record("claude-opus-4-6", output: 1_000_000);
        record.Speed = "fast";
        Assert.Equal(150m, Default.Price(record).Total); // 25 × 6
    }

    [Fact]
    public void Unknown_model_is_marked_unknown_not_free()
    {
        var cost = Default.Price(Record("claude-sonnet-9-9", input: 1_000));
        Assert.True(cost.IsUnknownModel);
        Assert.Contains("claude-sonnet-9-9", cost.PriceSource);
        Assert.Equal("unknown", cost.ToString());
    }

    [Fact]
    public void Fallback_model_prices_unknown_models_as_estimates()
    {
        var calculator = new CostCalculator(PriceCatalog.Embedded, new PricingOptions { FallbackModel = "claude-sonnet-4-5" });
        var cost = calculator.Price(Record("in-house-model", input: 100_000));
        Assert.False(cost.IsUnknownModel);
        Assert.True(cost.IsEstimated);
        Assert.Equal(0.3m, cost.Total);
    }

    [Fact]
    public void Unknown_fallback_model_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new CostCalculator(PriceCatalog.Embedded, new PricingOptions { FallbackModel = "nope-1" }));
    }

    [Fact]
    public void Display_mode_without_a_logged_cost_is_unknown_not_free()
    {
        var cost = new CostCalculator(PriceCatalog.Embedded, new PricingOptions { Mode = CostMode.Display }).Price(Record("claude-sonnet-4-5", input: 1_000));
        Assert.True(cost.IsUnknownModel);
    }

    [Fact]
    public void A_snapshot_the_catalog_does_not_list_is_priced_as_its_model_but_marked_estimated()
    {
        var cost = Default.Price(Record("gpt-4o-2024-05-13", input: 1_000_000));
        Assert.True(cost.IsEstimated);
        Assert.Equal("gpt-4o", cost.PriceEntry);
        Assert.Contains("gpt-4o-2024-05-13", cost.PriceSource);
        Assert.False(Default.Price(Record("gpt-4o-2024-08-06", input: 1)).IsEstimated); // a listed snapshot
    }

    [Fact]
    public void Synthetic_messages_cost_nothing_and_are_not_unknown()
    {
        var cost = Default.Price(Record("<synthetic>"));
        Assert.False(cost.IsUnknownModel);
        Assert.Equal(0m, cost.Total);
    }

    [Theory]
    [InlineData(CostMode.Auto, 0.5, 0.5)]
    [InlineData(CostMode.Auto, 0.0, 0.003)] // a stored zero beside tokens is not a price (ccusage#1348)
    [InlineData(CostMode.Calculate, 0.5, 0.003)]
    [InlineData(CostMode.Display, 0.5, 0.5)]
    [InlineData(CostMode.Display, null, 0.0)] // and marked unknown: see below
    public void Cost_modes(CostMode mode, double? reported, double expected)
    {
        var record = Record("claude-sonnet-4-5", input: 1_000);
        record.ReportedCost = reported is null ? null : (decimal)reported;
        var cost = new CostCalculator(PriceCatalog.Embedded, new PricingOptions { Mode = mode }).Price(record);
        Assert.Equal((decimal)expected, cost.Total);
    }
}

public class ServiceTierTests
{
    private static decimal Price(string model, string? tier) =>
        new CostCalculator(PriceCatalog.Embedded, new PricingOptions()).Price(new UsageRecord { Model = model, InputTokens = 100_000, ServiceTier = tier }).Total;

    [Theory]
    [InlineData("gpt-5", null, 0.125)]
    [InlineData("gpt-5", "default", 0.125)]
    [InlineData("gpt-5", "priority", 0.25)]     // OpenAI priority processing at the fast rates (2x for gpt-5)
    [InlineData("gpt-5", "flex", 0.0625)]       // Flex at Batch API rates
    [InlineData("gpt-5", "batch", 0.0625)]
    [InlineData("claude-sonnet-4-5", "priority", 0.30)] // Anthropic's priority tier does not change the price
    [InlineData("claude-sonnet-4-5", "standard", 0.30)]
    public void Tiers_the_source_reports(string model, string? tier, double expected)
    {
        Assert.Equal((decimal)expected, Price(model, tier));
    }
}
