using TokenMonitor.Pricing;

namespace TokenMonitor.Tests.Pricing;

public class ModelNameTests
{
    [Theory]
    [InlineData("claude-sonnet-4-5-20250929", "claude-sonnet-4-5")]
    [InlineData("claude-sonnet-4-5", "claude-sonnet-4-5")]
    [InlineData("Claude-Sonnet-4-5", "claude-sonnet-4-5")]
    [InlineData("anthropic/claude-sonnet-4.5", "claude-sonnet-4-5")]
    [InlineData("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5")]
    [InlineData("anthropic.claude-3-haiku-20240307-v1:0", "claude-3-haiku")]
    [InlineData("claude-sonnet-4-5@20250929", "claude-sonnet-4-5")]
    [InlineData("claude-opus-4-1-20250805", "claude-opus-4-1")]
    [InlineData("gpt-4.1-2025-04-14", "gpt-4.1")]
    [InlineData("openai/gpt-4.1", "gpt-4.1")]
    [InlineData("gpt-5-mini-2025-08-07", "gpt-5-mini")]
    [InlineData("models/gemini-2.5-pro", "gemini-2.5-pro")]
    [InlineData("claude-3-5-haiku-latest", "claude-3-5-haiku")]
    public void Logged_names_resolve_to_their_entry(string logged, string entry)
    {
        Assert.Equal(entry, PriceCatalog.Embedded.Resolve(logged)?.Id);
    }

    [Theory]
    [InlineData("claude-sonnet-4-9")]        // never falls back to claude-sonnet-4
    [InlineData("claude-opus-4-1-2")]
    [InlineData("gpt-4.2")]
    [InlineData("gpt-5-mini-turbo")]
    [InlineData("")]
    [InlineData("<synthetic>")]
    public void Names_never_resolve_across_versions_or_guesses(string logged)
    {
        Assert.Null(PriceCatalog.Embedded.Resolve(logged));
    }
}
