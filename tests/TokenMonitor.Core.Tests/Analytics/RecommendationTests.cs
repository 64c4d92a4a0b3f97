using TokenMonitor.Analytics;
using TokenMonitor.Pricing;

namespace TokenMonitor.Tests.Analytics;

public class RecommendationTests
{
    private static readonly CostCalculator Calculator = new(PriceCatalog.Embedded, new PricingOptions());

    private static UsageRecord Sonnet(long input, long output, string? session = "s", string? job = null, long write = 0, long read = 0) => new()
    {
        Timestamp = DateTimeOffset.Parse("2026-03-02T10:00:00Z"),
        Provider = "Anthropic",
        Model = "claude-sonnet-4-5",
        SessionId = session,
        Job = job,
        InputTokens = input,
        OutputTokens = output,
        CacheWrite1hTokens = write,
        CacheReadTokens = read,
        Project = "p",
    };

    private static List<UsageRecommendation> Recommend(params UsageRecord[] records)
    {
        var engine = new RecommendationEngine(Calculator);
        foreach (var r in records) engine.Add(r, Calculator.Price(r));
        return engine.Recommendations().ToList();
    }

    [Fact]
    public void Each_kind_is_estimated_as_computed_by_hand()
    {
        // Sonnet 4.5: input 3, 5m write 3.75, read 0.30, output 15 per MTok; Sonnet 5.5: input 2, output 10.
        var found = Recommend(
            Sonnet(1000, 100),                       // a short answer: $0.0045, $0.0030 at Sonnet 5.5
            Sonnet(1000, 1000, session: null, job: "nightly"), // $0.018, half with the Batch API
            Sonnet(10_000, 1000),                    // large uncached prompts, no cache hits
            Sonnet(10_000, 1000));

        var cheaper = Assert.Single(found, r => r.Kind == RecommendationKind.CheaperModel);
        Assert.Equal("claude-sonnet-5-5", cheaper.SuggestedModel);
        Assert.Equal(1, cheaper.Requests);
        Assert.Equal(0.0045m, cheaper.CurrentCost);
        Assert.Equal(0.0015m, cheaper.EstimatedSavings);

        var batch = Assert.Single(found, r => r.Kind == RecommendationKind.BatchApi);
        Assert.Equal("claude-sonnet-4-5 / job nightly", batch.Scope);
        Assert.Equal(0.009m, batch.EstimatedSavings);

        // Per cacheable token with reuse n = 4: ((1 + 4) × 3 − 3.75 − 4 × 0.30) / 5 = 2.01 per MTok;
        // 20,000 uncached tokens, half assumed to repeat: 10,000 × 2.01 / 1e6.
        var caching = Assert.Single(found, r => r.Kind == RecommendationKind.PromptCaching);
        Assert.Equal(0.0201m, caching.EstimatedSavings);
        Assert.Equal(0.06m, caching.CurrentCost);

        Assert.Equal(found.OrderByDescending(r => r.EstimatedSavings).Select(r => r.Kind), found.Select(r => r.Kind));
    }

    [Fact]
    public void One_hour_writes_that_are_never_read_back_are_flagged()
    {
        // 100,000 tokens written at 6 (1h) instead of 3: premium $0.30; 20,000 read at 0.30 instead of 3: discount $0.054.
        var found = Recommend(Sonnet(10, 2000, write: 100_000), Sonnet(10, 2000, read: 20_000));
        var unpaid = Assert.Single(found, r => r.Kind == RecommendationKind.UnpaidCacheWrites);
        Assert.Equal(0.30m, unpaid.CurrentCost);
        Assert.Equal(0.246m, unpaid.EstimatedSavings);
        Assert.DoesNotContain(found, r => r.Kind == RecommendationKind.PromptCaching); // inputs are tiny
    }

    [Fact]
    public void The_cheapest_model_has_no_cheaper_suggestion_and_batched_calls_no_batch_advice()
    {
        var found = Recommend(new UsageRecord
        {
            Timestamp = DateTimeOffset.Parse("2026-03-02T10:00:00Z"), Provider = "OpenAI", Model = "gpt-5-nano",
            InputTokens = 100, OutputTokens = 10, ServiceTier = "batch",
        });
        Assert.DoesNotContain(found, r => r.Kind is RecommendationKind.BatchApi);
        Assert.All(found, r => Assert.NotEqual("gpt-5-nano", r.SuggestedModel));
    }
}
