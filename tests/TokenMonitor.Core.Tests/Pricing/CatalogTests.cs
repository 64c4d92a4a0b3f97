using TokenMonitor.Pricing;

namespace TokenMonitor.Tests.Pricing;

public class CatalogTests
{
    private static readonly PriceCatalog Catalog = PriceCatalog.Embedded;

    [Fact]
    public void Every_entry_cites_a_source_and_the_day_it_was_read()
    {
        Assert.NotEmpty(Catalog.Entries);
        Assert.All(Catalog.Entries, e =>
        {
            Assert.StartsWith("https://", e.Source);
            Assert.Matches(@"^20\d\d-\d\d-\d\d$", e.ReadOn);
            Assert.Contains(e.ReadOn, e.Citation);
        });
    }

    [Fact]
    public void Rates_are_sane()
    {
        Assert.All(Catalog.Entries, e =>
        {
            Assert.True(e.Rates.Input >= 0 && e.Rates.Output >= 0, e.Id);
            Assert.True(e.Rates.CacheRead is null || e.Rates.CacheRead <= e.Rates.Input, $"{e.Id}: cache read above input");
            Assert.True(e.Rates.CacheWrite5m is null || e.Rates.CacheWrite5m >= e.Rates.Input, $"{e.Id}: cache write below input");
            Assert.True(e.LongContext is null || (e.LongContextThreshold > 0 && e.LongContext.Input >= e.Rates.Input), $"{e.Id}: long-context tier");
        });
    }

    [Fact]
    public void Names_and_aliases_are_unique()
    {
        var names = Catalog.Entries.SelectMany(e => e.Aliases.Prepend(e.Id)).Select(ModelNames.Normalise).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void Covers_the_three_main_providers()
    {
        foreach (var provider in new[] { "OpenAI", "Anthropic", "Google" })
        {
            Assert.Contains(Catalog.Entries, e => e.Provider == provider);
        }
    }

    // List prices per million tokens as the providers publish them (source beside each row, read 2026-11-23):
    // https://platform.claude.com/docs/en/about-claude/pricing, https://openai.com/api/pricing/, https://ai.google.dev/gemini-api/docs/pricing
    [Theory]
    [InlineData("claude-opus-4-5", 5.00, 25.00, 0.50, 6.25, 10.00)]
    [InlineData("claude-opus-4-1", 15.00, 75.00, 1.50, 18.75, 30.00)]
    [InlineData("claude-sonnet-4-5", 3.00, 15.00, 0.30, 3.75, 6.00)]
    [InlineData("claude-sonnet-4", 3.00, 15.00, 0.30, 3.75, 6.00)]
    [InlineData("claude-haiku-4-5", 1.00, 5.00, 0.10, 1.25, 2.00)]
    [InlineData("claude-3-5-haiku", 0.80, 4.00, 0.08, 1.00, 1.60)]
    [InlineData("gpt-5", 1.25, 10.00, 0.125, null, null)]
    [InlineData("gpt-5-mini", 0.25, 2.00, 0.025, null, null)]
    [InlineData("gpt-5-nano", 0.05, 0.40, 0.005, null, null)]
    [InlineData("gpt-4.1", 2.00, 8.00, 0.50, null, null)]
    [InlineData("gpt-4o", 2.50, 10.00, 1.25, null, null)]
    [InlineData("o3", 2.00, 8.00, 0.50, null, null)]
    [InlineData("gemini-2.5-pro", 1.25, 10.00, 0.125, null, null)]
    [InlineData("gemini-2.5-flash", 0.30, 2.50, 0.03, null, null)]
    public void Key_models_carry_their_list_price(string model, double input, double output, double cacheRead, double? write5m, double? write1h)
    {
        var entry = Catalog.Resolve(model);
        Assert.NotNull(entry);
        Assert.Equal((decimal)input, entry.Rates.Input);
        Assert.Equal((decimal)output, entry.Rates.Output);
        Assert.Equal((decimal)cacheRead, entry.Rates.CacheRead);
        Assert.Equal((decimal?)write5m, entry.Rates.CacheWrite5m);
        Assert.Equal((decimal?)write1h, entry.Rates.CacheWrite1h);
    }

    // Priority processing rates per million tokens (input / cached input / output) from OpenAI's Priority processing page,
    // https://openai.com/api-priority-processing/, read 2026-11-24. gpt-4o's row is the one for gpt-4o-2024-11-20 and -08-06.
    [Theory]
    [InlineData("gpt-4.1-mini", 0.70, 0.175, 2.80)]
    [InlineData("gpt-4.1-nano", 0.20, 0.050, 0.80)]
    [InlineData("gpt-4o", 4.25, 2.125, 17.00)]
    [InlineData("gpt-4o-2024-11-20", 4.25, 2.125, 17.00)]
    [InlineData("gpt-4o-2024-08-06", 4.25, 2.125, 17.00)]
    [InlineData("gpt-4o-mini", 0.25, 0.125, 1.00)]
    [InlineData("o3", 3.50, 0.875, 14.00)]
    [InlineData("o4-mini", 2.00, 0.50, 8.00)]
    public void Key_models_carry_their_priority_processing_rates(string model, double input, double cacheRead, double output)
    {
        var entry = Catalog.Resolve(model);
        Assert.NotNull(entry);
        Assert.NotNull(entry.Priority);
        Assert.Equal((decimal)input, entry.Priority.Input);
        Assert.Equal((decimal)cacheRead, entry.Priority.CacheRead);
        Assert.Equal((decimal)output, entry.Priority.Output);
        Assert.Null(entry.Priority.CacheWrite5m);
        Assert.Null(entry.Priority.CacheWrite1h);
        Assert.Contains("https://openai.com/api-priority-processing/ (read 2026-11-24)", entry.Note);
    }

    [Fact]
    public void Priority_rates_are_above_the_standard_ones()
    {
        Assert.All(Catalog.Entries.Where(e => e.Priority is not null), e =>
        {
            Assert.True(e.Priority!.Input > e.Rates.Input && e.Priority.Output > e.Rates.Output, $"{e.Id}: priority below standard");
            Assert.True(e.Priority.CacheRead is null || e.Priority.CacheRead <= e.Priority.Input, $"{e.Id}: priority cache read above priority input");
            Assert.True((e.Priority.CacheRead is null) == (e.Rates.CacheRead is null), $"{e.Id}: a cache-read rate in one tier only");
        });
    }
}
