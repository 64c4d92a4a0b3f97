using TokenMonitor.Analytics;
using TokenMonitor.Pricing;

namespace TokenMonitor.Tests.Analytics;

public class CacheEfficiencyTests
{
    private static readonly CostCalculator Calculator = new(PriceCatalog.Embedded, new PricingOptions());

    private static UsageRecord Sonnet(long input, long write5m, long read, long output, double latency, string session = "s1") => new()
    {
        Timestamp = DateTimeOffset.Parse("2026-03-02T10:00:00Z"),
        Provider = "Anthropic",
        Model = "claude-sonnet-4-5",
        SessionId = session,
        InputTokens = input,
        CacheWrite5mTokens = write5m,
        CacheReadTokens = read,
        OutputTokens = output,
        LatencyMs = latency,
    };

    private static CacheEfficiency Analyse(params UsageRecord[] records)
    {
        var analyzer = new CacheEfficiencyAnalyzer([AnalysisDimension.Model], PriceCatalog.Embedded.Resolve);
        foreach (var r in records) analyzer.Add(r, Calculator.Price(r));
        return Assert.Single(analyzer.Results());
    }

    [Fact]
    public void Hit_rates_savings_premium_and_break_even_match_a_hand_calculation()
    {
        // Sonnet 4.5 per MTok: input 3, 5m write 3.75, read 0.30, output 15.
        // A writes a 10,000-token prefix: premium 10,000 × 0.75 = $0.0075.
        // B reads it back: discount 10,000 × 2.70 = $0.027. C uses no cache.
        var row = Analyse(
            Sonnet(1000, 10_000, 0, 100, latency: 100),
            Sonnet(500, 0, 10_000, 200, latency: 50),
            Sonnet(2000, 0, 0, 0, latency: 300));

        Assert.Equal(3, row.Requests);
        Assert.Equal(1, row.CacheHitRequests);
        Assert.Equal(Math.Round(1 / 3.0, 4), row.RequestHitRate);
        Assert.Equal(23_500, row.PromptTokens);
        Assert.Equal(Math.Round(10_000 / 23_500.0, 4), row.TokenHitRate);
        Assert.Equal(0.042m + 0.0075m + 0.006m, row.Cost);
        Assert.Equal(0.0345m + 0.0345m + 0.006m, row.CostWithoutCache);
        Assert.Equal(0.0075m, row.WritePremium);
        Assert.Equal(0.027m, row.ReadDiscount);
        Assert.Equal(0.0195m, row.Savings);
        Assert.Equal(3.6, row.ReturnOnWrites);
        Assert.Equal(1.0, row.ReadsPerWrite);
        Assert.Equal(Math.Round(0.75 / 2.70, 3), row.BreakEvenReads); // a 5m write pays back after 0.278 reads
        Assert.True(row.PaysBack);
    }

    [Fact]
    public void Break_even_of_a_priority_record_uses_the_priority_rates()
    {
        // Standard: input 2, 5m write 2.50, read 0.50, so a write pays back after (2.50 − 2) / (2 − 0.50) = 0.333 reads.
        // Priority: input 4, 5m write 6, read 0.50: (6 − 4) / (4 − 0.50) = 0.571 reads.
        var catalog = new PriceCatalog(CatalogFile.Entries(new MemoryStream("""
            {"models":[{"id":"m","provider":"OpenAI","input":2,"output":8,"cacheRead":0.5,"cacheWrite5m":2.5,
                        "priority":{"input":4,"output":16,"cacheRead":0.5,"cacheWrite5m":6}}]}
            """u8.ToArray()), "test.json", "User"), "test");
        var calculator = new CostCalculator(catalog, new PricingOptions());
        CacheEfficiency Row(string tier)
        {
            var record = new UsageRecord { Model = "m", InputTokens = 100, CacheWrite5mTokens = 10_000, OutputTokens = 10, ServiceTier = tier };
            var analyzer = new CacheEfficiencyAnalyzer([AnalysisDimension.Model], catalog.Resolve);
            analyzer.Add(record, calculator.Price(record));
            return Assert.Single(analyzer.Results());
        }

        Assert.Equal(Math.Round(0.5 / 1.5, 3), Row("default").BreakEvenReads);
        Assert.Equal(Math.Round(2 / 3.5, 3), Row("priority").BreakEvenReads);
    }

    [Fact]
    public void Latency_percentiles_by_cache_ratio_bucket()
    {
        var row = Analyse(
            Sonnet(1000, 10_000, 0, 100, latency: 100),   // 0 % read
            Sonnet(500, 0, 10_000, 200, latency: 50),     // 95.2 % read: 76-99 %
            Sonnet(2000, 0, 0, 0, latency: 300),          // 0 %
            Sonnet(0, 0, 4000, 10, latency: 20),          // 100 %
            Sonnet(3000, 0, 1000, 10, latency: 80));      // 25 %: 1-25 %

        Assert.Equal(["0%", "1-25%", "26-50%", "51-75%", "76-99%", "100%"], row.LatencyByCacheRatio.Select(b => b.Bucket));
        Assert.Equal([2L, 1, 0, 0, 1, 1], row.LatencyByCacheRatio.Select(b => b.Requests));
        var none = row.LatencyByCacheRatio[0];
        Assert.Equal(100, none.P50Ms); // nearest rank of [100, 300]: ceil(0.5 × 2) = 1st
        Assert.Equal(300, none.P90Ms);
        Assert.Null(row.LatencyByCacheRatio[2].P50Ms);
        Assert.Equal(80, row.P50Ms);  // [20, 50, 80, 100, 300]: 3rd
        Assert.Equal(300, row.P95Ms);
    }

    [Fact]
    public void Writes_never_read_back_do_not_pay()
    {
        var row = Analyse(Sonnet(100, 20_000, 0, 10, 1), Sonnet(100, 20_000, 0, 10, 1));
        Assert.Equal(0m, row.ReadDiscount);
        Assert.Equal(0.03m, row.WritePremium); // 40,000 × 0.75 / 1e6
        Assert.Equal(-0.03m, row.Savings);
        Assert.Equal(0, row.ReturnOnWrites);
        Assert.False(row.PaysBack);
    }

    [Theory]
    [InlineData(0, 100, 0)]
    [InlineData(1, 100, 1)]
    [InlineData(25, 100, 1)]
    [InlineData(26, 100, 2)]
    [InlineData(75, 100, 3)]
    [InlineData(99, 100, 4)]
    [InlineData(100, 100, 5)]
    public void Buckets_follow_the_published_ranges(long read, long prompt, int bucket) =>
        Assert.Equal(bucket, CacheEfficiencyAnalyzer.Bucket(read, prompt));
}
