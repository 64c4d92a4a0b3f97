using TokenMonitor.Pricing;

namespace TokenMonitor.Tests.Pricing;

public class PricingFileTests
{
    private static readonly string LiteLlm = Path.Combine(RepoPaths.Root, "tests", "TokenMonitor.Core.Tests", "Fixtures", "litellm", "model_prices_and_context_window.json");

    private static List<ModelPrice> Converted(out int count)
    {
        using var source = File.OpenRead(LiteLlm);
        var catalog = new MemoryStream();
        count = LiteLlmPrices.Convert(source, catalog, "litellm fixture", new DateOnly(2026, 11, 23));
        catalog.Position = 0;
        return CatalogFile.Entries(catalog, "converted", "LiteLLM");
    }

    [Fact]
    public void LiteLlm_per_token_prices_become_exact_prices_per_million()
    {
        var entries = Converted(out var count);
        Assert.Equal(5, count); // chat models only: the sample spec, an embedding and an image model are left out
        var sonnet = entries.Single(e => e.Id == "claude-sonnet-4-5");
        Assert.Equal((3m, 15m, 0.3m, 3.75m, 6m), (sonnet.Rates.Input, sonnet.Rates.Output, sonnet.Rates.CacheRead, sonnet.Rates.CacheWrite5m, sonnet.Rates.CacheWrite1h));
        Assert.Equal(200_000, sonnet.LongContextThreshold);
        Assert.Equal((6m, 22.5m, 0.6m, 7.5m), (sonnet.LongContext!.Input, sonnet.LongContext.Output, sonnet.LongContext.CacheRead, sonnet.LongContext.CacheWrite5m));
        Assert.Equal(0.5m, sonnet.BatchDiscount);
        Assert.Equal("Anthropic", sonnet.Provider);
        Assert.Equal("2026-11-23", sonnet.ReadOn);
        Assert.Equal("AWS Bedrock", entries.Single(e => e.Id.StartsWith("bedrock/", StringComparison.Ordinal)).Provider);
        Assert.Equal(0.1m, entries.Single(e => e.Id == "mistral-small-2603").Rates.Input);
    }

    [Fact]
    public void LiteLlm_priority_prices_become_the_priority_tier()
    {
        var entries = Converted(out _);
        // gpt-4o-mini as LiteLLM lists it: input_cost_per_token_priority 2.5e-07, output_cost_per_token_priority 1e-06,
        // cache_read_input_token_cost_priority 1.25e-07.
        var mini = entries.Single(e => e.Id == "gpt-4o-mini");
        Assert.Equal((0.15m, 0.6m, 0.075m), (mini.Rates.Input, mini.Rates.Output, mini.Rates.CacheRead));
        Assert.Equal((0.25m, 1m, 0.125m, (decimal?)null), (mini.Priority!.Input, mini.Priority.Output, mini.Priority.CacheRead, mini.Priority.CacheWrite5m));
        // cache_creation_input_token_cost_priority is the 5-minute write of the tier; the _flex keys are not read.
        var terra = entries.Single(e => e.Id == "gpt-5.6-terra");
        Assert.Equal((5m, 30m, 0.5m, 6.25m), (terra.Priority!.Input, terra.Priority.Output, terra.Priority.CacheRead, terra.Priority.CacheWrite5m));
        Assert.Null(entries.Single(e => e.Id == "claude-sonnet-4-5").Priority);

        // A refresh with priority prices prices a priority record with them.
        var catalog = new PriceCatalog(entries.Concat(PriceCatalog.Embedded.Entries), "refresh");
        var cost = new CostCalculator(catalog, new PricingOptions()).Price(new UsageRecord { Model = "gpt-4o-mini", InputTokens = 1_000_000, OutputTokens = 1_000_000, ServiceTier = "priority" });
        Assert.Equal(1.25m, cost.Total);
        Assert.EndsWith("; priority processing rates", cost.PriceSource);
    }

    [Fact]
    public void A_LiteLlm_entry_with_only_one_priority_price_gets_no_priority_tier()
    {
        var source = new MemoryStream("""
            {"half": {"input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "input_cost_per_token_priority": 2e-06, "litellm_provider": "openai", "mode": "chat"}}
            """u8.ToArray());
        var catalog = new MemoryStream();
        Assert.Equal(1, LiteLlmPrices.Convert(source, catalog, "inline", new DateOnly(2026, 11, 24)));
        catalog.Position = 0;
        Assert.Null(Assert.Single(CatalogFile.Entries(catalog, "converted", "LiteLLM")).Priority);
    }

    [Fact]
    public void Earlier_layers_win_and_the_embedded_catalog_fills_in()
    {
        var refreshed = Converted(out _);
        var catalog = new PriceCatalog(refreshed.Concat(PriceCatalog.Embedded.Entries), "test");
        Assert.Equal("LiteLLM", catalog.Resolve("mistral-small-2603")!.Layer);
        Assert.Equal("LiteLLM", catalog.Resolve("claude-sonnet-4-5")!.Layer);
        Assert.Equal("Embedded", catalog.Resolve("gpt-5-mini")!.Layer);
        Assert.Equal("LiteLLM", catalog.Resolve("bedrock/us.anthropic.claude-haiku-4-5-20251001-v1:0")!.Layer);
        Assert.Single(catalog.Winners, e => e.Id == "claude-sonnet-4-5");
    }

    [Theory]
    [InlineData("""{"models":[{"id":"m","input":1,"output":2,"cachRead":0.1}]}""", "model 'm', field 'cachRead': not a catalog field")]
    [InlineData("""{"models":[{"id":"m","input":-1,"output":2}]}""", "model 'm', field 'input': is negative")]
    [InlineData("""{"models":[{"id":"m","input":"3","output":2}]}""", "model 'm', field 'input': should be a number")]
    [InlineData("""{"models":[{"input":1,"output":2}]}""", "model 1 has no \"id\"")]
    [InlineData("""{"models":[{"id":"m","input":1}]}""", "model 'm', field 'output': the output price is required")]
    [InlineData("""{"catalog":"mine"}""", "there is no \"models\" array")]
    [InlineData("""{"models":[{"id":"m","input":1,"output":2,}""", "not valid JSON")]
    [InlineData("""{"models":[{"id":"m","input":1,"output":2,"batchDiscount":1.5}]}""", "field 'batchDiscount': is the fraction taken off")]
    [InlineData("""{"models":[{"id":"m","input":1,"output":2,"aliases":"m-1"}]}""", "field 'aliases': should be an array")]
    [InlineData("""{"models":[{"id":"m","input":1,"output":2,"longContext":5}]}""", "field 'longContext': should be an object")]
    [InlineData("""{"models":[{"id":"m","input":1,"output":2,"longContext":{"threshold":1000,"input":2,"outptu":4}}]}""", "model 'm', field 'longContext.outptu': not a tier field")]
    [InlineData("""{"models":[{"id":"m","input":1,"output":2,"priority":{"input":2,"outptu":4}}]}""", "model 'm', field 'priority.outptu': not a tier field")]
    [InlineData("""{"models":[{"id":"m","input":1,"output":2,"priority":{"input":2,"output":4,"threshold":1000}}]}""", "model 'm', field 'priority.threshold': not a tier field")]
    [InlineData("""{"models":[{"id":"m","input":1,"output":2,"priority":{"input":-2,"output":4}}]}""", "model 'm', field 'priority.input': is negative")]
    [InlineData("""{"models":[{"id":"m","input":1,"output":2,"priority":{"input":2,"output":"4"}}]}""", "model 'm', field 'priority.output': should be a number")]
    [InlineData("""{"models":[{"id":"m","input":1,"output":2,"priority":{"input":2}}]}""", "model 'm', field 'priority.output': the output price is required")]
    [InlineData("""{"models":[{"id":"m","input":1,"output":2,"priority":1.75}]}""", "model 'm', field 'priority': should be an object")]
    [InlineData("""{"models":[{"id":"m","input":1,"output":2,"offPeak":{"input":1,"output":1,"peakHours":["01:00-04:00"]}}]}""", "model 'm', field 'offPeak.peakHours': not an off-peak field")]
    [InlineData("""{"models":[{"id":"m","input":1,"output":2,"offPeak":{"input":1,"output":1}}]}""", "model 'm', field 'offPeak.peakHoursUtc': a list of UTC intervals")]
    [InlineData("""{"models":[{"id":"m","input":1,"output":2,"offPeak":{"input":1,"output":1,"peakHoursUtc":["1-4"]}}]}""", "field 'offPeak.peakHoursUtc': '\"1-4\"' is not an interval")]
    [InlineData("""{"models":[{"id":"m","input":1,"output":2,"offPeak":{"input":1,"output":1,"peakHoursUtc":["04:00-04:00"]}}]}""", "field 'offPeak.peakHoursUtc': '\"04:00-04:00\"' is not an interval")]
    [InlineData("""{"models":[{"id":"m","input":1,"output":2,"offPeak":{"input":1,"output":1,"peakHoursUtc":["01:00-04:00"],"peakDays":["Mon"]}}]}""", "field 'offPeak.peakDays': '\"Mon\"' is not a day name")]
    [InlineData("""{"models":[{"id":"m","input":1,"output":2,"offPeak":{"input":1,"output":1,"peakHoursUtc":["01:00-04:00"],"peakDays":["Monday,Tuesday"]}}]}""", "is not a day name")]
    [InlineData("""{"models":[{"id":"m","input":1,"output":2,"offPeak":{"output":1,"peakHoursUtc":["01:00-04:00"]}}]}""", "field 'offPeak.input': the input price is required")]
    [InlineData("""{"models":[{"id":"m","input":1,"output":2,"provider":7}]}""", "field 'provider': should be text")]
    [InlineData("""[{"id":"m","input":1,"output":2}]""", "should hold an object")]
    [InlineData("""{"modles":[]}""", "'modles' is not a catalog field")]
    public void A_pricing_file_with_a_mistake_is_refused_naming_file_model_and_field(string json, string expected)
    {
        var ex = Assert.Throws<InvalidDataException>(() => CatalogFile.Entries(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), "my-prices.json", "User"));
        Assert.StartsWith("my-prices.json", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void An_override_prices_the_model_under_all_its_names_and_keeps_rates_it_does_not_state()
    {
        var user = CatalogFile.Entries(new MemoryStream("""{"models":[{"id":"claude-sonnet-4-5","input":2,"output":10}]}"""u8.ToArray()), "team.json", "User");
        var refreshed = Converted(out _);
        var catalog = new PriceCatalog(user.Concat(refreshed).Concat(PriceCatalog.Embedded.Entries), "layers");
        var dated = catalog.Resolve("claude-sonnet-4-5-20250929")!;
        Assert.Equal(("User", 2m, 10m), (dated.Layer, dated.Rates.Input, dated.Rates.Output));
        Assert.Null(dated.Rates.CacheRead);  // absolute rates of another base price are not borrowed
        Assert.Null(dated.LongContext);
        Assert.Equal(0.5m, dated.BatchDiscount); // relative ones are

        var refreshedOnly = new PriceCatalog(refreshed.Concat(PriceCatalog.Embedded.Entries), "refresh");
        var sonnet = refreshedOnly.Resolve("claude-sonnet-4-5-20250929")!;
        Assert.Equal("LiteLLM", sonnet.Layer);
        Assert.Equal(12m, sonnet.LongContext!.CacheWrite1h); // same base price: what the refresh leaves out comes from the embedded catalog

        var opus = new PriceCatalog(CatalogFile.Entries(new MemoryStream("""{"models":[{"id":"claude-opus-4-6","input":5,"output":25}]}"""u8.ToArray()), "lite", "LiteLLM")
            .Concat(PriceCatalog.Embedded.Entries), "refresh without fast mode");
        Assert.Equal(6m, opus.Resolve("claude-opus-4-6")!.FastMultiplier); // a refresh that does not list fast mode keeps it
    }

    [Fact]
    public void A_user_file_needs_only_an_id_and_two_prices()
    {
        var entries = CatalogFile.Entries(new MemoryStream("""{"models":[{"id":"in-house-llm","input":0.5,"output":1.5}]}"""u8.ToArray()), "my-prices.json", "User");
        var entry = Assert.Single(entries);
        Assert.Equal(("my-prices.json", "User"), (entry.Source, entry.Layer));
        var cost = new CostCalculator(new PriceCatalog(entries, "user"), new PricingOptions()).Price(new UsageRecord { Model = "in-house-llm", InputTokens = 2_000_000, OutputTokens = 1_000_000 });
        Assert.Equal(2.5m, cost.Total);
    }
}
