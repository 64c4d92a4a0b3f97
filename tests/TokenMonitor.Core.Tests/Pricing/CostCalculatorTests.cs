using TokenMonitor.Pricing;
using TokenMonitor.Reading;

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

/// <summary>
/// Priority processing at the rates a catalog entry lists for it (OpenAI's Priority page: gpt-4o-mini $0.25 / cached
/// $0.125 / $1.00 per million against standard $0.15 / $0.075 / $0.60), hand-computed.
/// </summary>
public class PriorityRatesTests
{
    private static readonly CostCalculator Default = new(PriceCatalog.Embedded, new PricingOptions());

    // 30,000 prompt tokens of which 20,000 cached (OpenAI's prompt_tokens include them), 3,000 output.
    private static UsageRecord Mini(string? tier, string model = "gpt-4o-mini-2024-07-18") => new()
    {
        Model = model,
        Provider = "OpenAI",
        InputTokens = 10_000,
        CacheReadTokens = 20_000,
        OutputTokens = 3_000,
        ServiceTier = tier,
    };

    private static PriceCatalog Catalog(string json) =>
        new(CatalogFile.Entries(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), "test.json", "User"), "test");

    [Theory]
    [InlineData("priority")]
    [InlineData("Priority")]
    [InlineData("PRIORITY")]
    public void A_priority_record_is_priced_at_the_priority_rates_exactly(string tier)
    {
        var cost = Default.Price(Mini(tier));
        Assert.Equal(0.0025m, cost.Input);      // 10,000 × 0.25
        Assert.Equal(0.0025m, cost.CacheRead);  // 20,000 × 0.125
        Assert.Equal(0.003m, cost.Output);      //  3,000 × 1.00
        Assert.Equal(0.008m, cost.Total);
        Assert.Equal(0.0105m, cost.WithoutCache); // 30,000 × 0.25 + output
        Assert.Equal("gpt-4o-mini", cost.PriceEntry);
        Assert.EndsWith("; priority processing rates", cost.PriceSource);
        Assert.True(cost.IsPriorityRates);
        Assert.False(cost.IsEstimated);
        // The exact per-million amounts, not a 5/3 multiple of the standard rates (0.15 × 5/3 has no decimal form).
        Assert.Equal(decimal.GetBits(10_000 * 0.25m / 1_000_000m), decimal.GetBits(cost.Input));
        Assert.Equal(decimal.GetBits(3_000 * 1.00m / 1_000_000m), decimal.GetBits(cost.Output));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("default")]
    [InlineData("standard")]
    [InlineData("auto")]
    public void A_standard_record_is_unchanged(string? tier)
    {
        var cost = Default.Price(Mini(tier));
        Assert.Equal(0.0048m, cost.Total); // 10,000 × 0.15 + 20,000 × 0.075 + 3,000 × 0.60
        Assert.DoesNotContain("priority", cost.PriceSource);
        Assert.False(cost.IsPriorityRates);
    }

    [Theory]
    [InlineData("flex")]
    [InlineData("batch")]
    [InlineData("Flex")]
    public void Flex_and_batch_records_are_unchanged(string tier)
    {
        Assert.Equal(0.0024m, Default.Price(Mini(tier)).Total); // half of 0.0048: OpenAI's Batch API rates
    }

    [Fact]
    public void The_Batch_switch_wins_over_a_priority_tier_as_before()
    {
        var batch = new CostCalculator(PriceCatalog.Embedded, new PricingOptions { Batch = true });
        var cost = batch.Price(Mini("priority"));
        Assert.Equal(0.0024m, cost.Total);
        Assert.DoesNotContain("priority", cost.PriceSource);
    }

    [Theory]
    [InlineData("gpt-4o", 4.25, 17.00)]
    [InlineData("gpt-4o-2024-11-20", 4.25, 17.00)]
    [InlineData("gpt-4.1-mini", 0.70, 2.80)]
    [InlineData("gpt-4.1-nano", 0.20, 0.80)]
    [InlineData("o3-2025-04-16", 3.50, 14.00)]
    public void The_five_listed_models_bill_priority_at_their_listed_rates(string model, double input, double output)
    {
        var cost = Default.Price(new UsageRecord { Model = model, InputTokens = 1_000_000, OutputTokens = 1_000_000, ServiceTier = "priority" });
        Assert.Equal((decimal)input + (decimal)output, cost.Total);
    }

    [Fact]
    public void Models_priced_by_a_multiplier_keep_it()
    {
        // gpt-5: fastMultiplier 2 and no priority rates: 100,000 input at 1.25 × 2.
        var cost = Default.Price(new UsageRecord { Model = "gpt-5", InputTokens = 100_000, ServiceTier = "priority" });
        Assert.Equal(0.25m, cost.Total);
        Assert.DoesNotContain("priority processing rates", cost.PriceSource);
    }

    [Fact]
    public void A_guessed_snapshot_names_both_the_priority_rates_and_the_guess()
    {
        var cost = Default.Price(Mini("priority", model: "gpt-4o-2024-05-13"));
        Assert.True(cost.IsEstimated);
        Assert.Contains("; priority processing rates; snapshot 'gpt-4o-2024-05-13' is not in the catalog", cost.PriceSource);
        Assert.Equal(0.0425m + 0.0425m + 0.051m, cost.Total); // gpt-4o priority: 10,000 × 4.25 + 20,000 × 2.125 + 3,000 × 17
    }

    [Fact]
    public void Long_context_requests_take_the_long_context_rates_and_the_multiplier_not_the_priority_rates()
    {
        const string json = """
            {"read":"2026-11-24","models":[
              {"id":"m","provider":"OpenAI","input":2,"output":10,"source":"https://example.com/m",
               "longContext":{"threshold":1000,"input":4,"output":15},"priority":{"input":3.5,"output":17.5},"fastMultiplier":2},
              {"id":"n","provider":"OpenAI","input":2,"output":10,"source":"https://example.com/n",
               "longContext":{"threshold":1000,"input":4,"output":15},"priority":{"input":3.5,"output":17.5}}
            ]}
            """;
        var calculator = new CostCalculator(Catalog(json), new PricingOptions());
        UsageRecord Record(string model, long input) => new() { Model = model, InputTokens = input, OutputTokens = 100, ServiceTier = "priority" };

        var atThreshold = calculator.Price(Record("m", 1_000));
        Assert.Equal(0.0035m + 0.00175m, atThreshold.Total); // 1,000 × 3.5 + 100 × 17.5: priority rates, no multiplier
        Assert.True(atThreshold.IsPriorityRates);
        Assert.False(atThreshold.IsLongContext);

        var over = calculator.Price(Record("m", 1_001));
        Assert.Equal((1_001 * 4m + 100 * 15m) * 2 / 1_000_000m, over.Total); // long-context rates × the priority multiplier
        Assert.True(over.IsLongContext);
        Assert.False(over.IsPriorityRates);
        Assert.DoesNotContain("priority", over.PriceSource);

        Assert.Equal((1_001 * 4m + 100 * 15m) / 1_000_000m, calculator.Price(Record("n", 1_001)).Total); // no multiplier: long-context rates
    }

    [Fact]
    public void A_user_pricing_file_with_priority_rates_wins()
    {
        var user = CatalogFile.Entries(new MemoryStream("""
            {"models":[{"id":"gpt-4o-mini","input":0.15,"output":0.60,"cacheRead":0.075,"source":"our agreement",
                        "priority":{"input":0.20,"output":0.80,"cacheRead":0.10}}]}
            """u8.ToArray()), "team.json", "User");
        var calculator = new CostCalculator(new PriceCatalog(user.Concat(PriceCatalog.Embedded.Entries), "layers"), new PricingOptions());
        var cost = calculator.Price(Mini("priority"));
        Assert.Equal(0.002m + 0.002m + 0.0024m, cost.Total); // 10,000 × 0.20 + 20,000 × 0.10 + 3,000 × 0.80
        Assert.Equal("our agreement; priority processing rates", cost.PriceSource);
        Assert.Equal(0.0048m, calculator.Price(Mini(null)).Total);
    }

    [Fact]
    public void Priority_rates_fold_like_long_context_rates()
    {
        PriceCatalog Over(string json) => new(CatalogFile.Entries(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), "team.json", "User")
            .Concat(PriceCatalog.Embedded.Entries), "layers");

        // The same base price: the embedded priority rates still apply, and a priority object that leaves out the cache
        // read takes the embedded one.
        var same = Over("""{"models":[{"id":"gpt-4o-mini","input":0.15,"output":0.60}]}""").Resolve("gpt-4o-mini")!;
        Assert.Equal((0.25m, 1.00m, 0.125m), (same.Priority!.Input, same.Priority.Output, same.Priority.CacheRead));
        var partial = Over("""{"models":[{"id":"gpt-4o-mini","input":0.15,"output":0.60,"priority":{"input":0.30,"output":1.20}}]}""").Resolve("gpt-4o-mini")!;
        Assert.Equal((0.30m, 1.20m, 0.125m), (partial.Priority!.Input, partial.Priority.Output, partial.Priority.CacheRead));

        // Another base price (a negotiated rate): the embedded priority rates, absolute, are not borrowed.
        var negotiated = Over("""{"models":[{"id":"gpt-4o-mini","input":0.12,"output":0.48}]}""");
        Assert.Null(negotiated.Resolve("gpt-4o-mini")!.Priority);
        Assert.Equal((10_000 * 0.12m + 20_000 * 0.12m + 3_000 * 0.48m) / 1_000_000m,
            new CostCalculator(negotiated, new PricingOptions()).Price(Mini("priority")).Total);
    }
}

/// <summary>
/// DeepSeek bills by time of day: peak 01:00-04:00 and 06:00-10:00 UTC on weekdays, half price otherwise
/// (https://api-docs.deepseek.com/quick_start/pricing, read 2026-11-15). 1M uncached input + 100k output on
/// deepseek-flash: peak 0.30 + 0.12 = 0.42, off-peak 0.15 + 0.06 = 0.21; with 1M cache hits added, 0.006 or 0.003 more.
/// </summary>
public class OffPeakPricingTests
{
    private static readonly CostCalculator Calculator = new(PriceCatalog.Embedded, new PricingOptions { Mode = CostMode.Calculate });

    private static UsageRecord At(string utc, long requests = 1, long cacheRead = 0) => new()
    {
        Provider = "DeepSeek",
        Model = "deepseek-flash",
        InputTokens = 1_000_000,
        OutputTokens = 100_000,
        CacheReadTokens = cacheRead,
        Requests = requests,
        Timestamp = DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture),
    };

    [Theory]
    [InlineData("2026-11-24T02:00:00Z", 0.42)]   // Tuesday, in the first peak interval
    [InlineData("2026-11-24T09:59:59Z", 0.42)]   // the second, to its last second
    [InlineData("2026-11-24T00:59:59Z", 0.21)]
    [InlineData("2026-11-24T04:00:00Z", 0.21)]   // intervals are half-open: 04:00 is off-peak
    [InlineData("2026-11-24T05:30:00Z", 0.21)]
    [InlineData("2026-11-24T10:00:00Z", 0.21)]
    [InlineData("2026-11-28T02:00:00Z", 0.21)]   // Saturday: off-peak all day
    [InlineData("2026-11-24T10:30:00+08:00", 0.42)] // 02:30 UTC, whatever zone the log wrote
    public void A_call_is_billed_at_the_rates_of_its_hour(string utc, double total)
    {
        var cost = Calculator.Price(At(utc));
        Assert.Equal((decimal)total, cost.Total);
        Assert.False(cost.IsEstimated);
        Assert.Equal(total < 0.42, (cost.PriceSource ?? "").EndsWith("; off-peak rates", StringComparison.Ordinal));
    }

    [Fact]
    public void Cache_hits_take_their_own_off_peak_rate()
    {
        Assert.Equal(0.426m, Calculator.Price(At("2026-11-24T02:00:00Z", cacheRead: 1_000_000)).Total);
        Assert.Equal(0.213m, Calculator.Price(At("2026-11-24T05:00:00Z", cacheRead: 1_000_000)).Total);
    }

    [Fact]
    public void A_row_of_many_requests_or_a_time_from_the_file_is_priced_at_peak_and_marked_estimated()
    {
        var row = Calculator.Price(At("2026-11-24T05:00:00Z", requests: 40));
        Assert.Equal(0.42m, row.Total);
        Assert.True(row.IsEstimated);

        var record = At("2026-11-24T05:00:00Z");
        record.TimeFromFile = true;
        var guessed = Calculator.Price(record);
        Assert.Equal(0.42m, guessed.Total);
        Assert.True(guessed.IsEstimated);
    }

    [Fact]
    public void A_peak_that_wraps_past_midnight_covers_both_sides()
    {
        var tier = new OffPeakTier
        {
            Rates = new PriceRates { Input = 1, Output = 1 },
            PeakHoursUtc = [(new TimeOnly(22, 0), new TimeOnly(2, 0))],
            PeakDays = Enum.GetValues<DayOfWeek>().ToHashSet(),
        };
        Assert.False(tier.IsOffPeak(new DateTimeOffset(2026, 11, 24, 23, 0, 0, TimeSpan.Zero)));
        Assert.False(tier.IsOffPeak(new DateTimeOffset(2026, 11, 24, 1, 59, 0, TimeSpan.Zero)));
        Assert.True(tier.IsOffPeak(new DateTimeOffset(2026, 11, 24, 2, 0, 0, TimeSpan.Zero)));
        Assert.True(tier.IsOffPeak(new DateTimeOffset(2026, 11, 24, 21, 59, 0, TimeSpan.Zero)));
    }

    /// <summary>
    /// DeepSeek's own responses (Fixtures/deepseek): cache hits in prompt_cache_hit_tokens, one call at 03:01 UTC on a
    /// Tuesday (peak), one at 12:02 (off-peak). By hand: 2,048 × 0.30 + 16,384 × 0.006 + 356 × 1.20 per million =
    /// 0.001139904; 4,210 × 0.66 + 1,290 × 1.98 per million = 0.0053328.
    /// </summary>
    [Fact]
    public void DeepSeek_responses_are_priced_by_their_hour_with_their_cache_hits()
    {
        var file = Path.Combine(RepoPaths.Root, "tests", "TokenMonitor.Core.Tests", "Fixtures", "deepseek", "chat-completions.jsonl");
        var costs = new UsageLogReader().Read([file]).Select(i => Calculator.Price(i.Record!)).ToList();
        Assert.Equal([0.001139904m, 0.0053328m], costs.Select(c => c.Total));
        Assert.Equal([false, true], costs.Select(c => (c.PriceSource ?? "").EndsWith("; off-peak rates", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("deepseek-flash", 0.15, 0.003, 0.60)]
    [InlineData("deepseek-v4-flash", 0.15, 0.003, 0.60)]
    [InlineData("deepseek-v4-pro", 0.66, 0.022, 1.98)]
    public void DeepSeek_entries_carry_their_off_peak_rates_and_hours(string model, double input, double cacheRead, double output)
    {
        var entry = PriceCatalog.Embedded.Resolve(model)!;
        Assert.Equal(((decimal)input, (decimal?)cacheRead, (decimal)output), (entry.OffPeak!.Rates.Input, entry.OffPeak.Rates.CacheRead, entry.OffPeak.Rates.Output));
        Assert.Equal([(new TimeOnly(1, 0), new TimeOnly(4, 0)), (new TimeOnly(6, 0), new TimeOnly(10, 0))], entry.OffPeak.PeakHoursUtc);
        Assert.Equal(5, entry.OffPeak.PeakDays.Count);
        Assert.DoesNotContain(DayOfWeek.Saturday, entry.OffPeak.PeakDays);
    }
}

