using System.Text.RegularExpressions;

namespace TokenMonitor.Pricing;

/// <summary>
/// How a logged model name maps to a catalog name: case, provider prefixes and suffixes, and dated
/// snapshots are dropped; version numbers never are, so claude-sonnet-4 never prices as claude-sonnet-4-5.
/// </summary>
public static partial class ModelNames
{
    /// <summary>Lower case, with '.' and '@' as '-': claude-sonnet-4.5 and claude-sonnet-4-5@20250929 compare alike.</summary>
    public static string Normalise(string name) =>
        name.Trim().ToLowerInvariant().Replace('.', '-').Replace('@', '-').Replace('_', '-');

    /// <summary>Names to try, most specific first; Undated marks a name whose snapshot date was dropped.</summary>
    public static IEnumerable<(string Name, bool Undated)> Candidates(string model)
    {
        var lower = model.Trim().ToLowerInvariant();
        var name = Normalise(lower);
        yield return (name, false);

        // anthropic/claude-…, openrouter's openai/gpt-…, bedrock/…, models/gemini-… (Gemini API resource names).
        var slash = lower.LastIndexOf('/');
        if (slash >= 0)
        {
            lower = lower[(slash + 1)..];
            name = Normalise(lower);
            yield return (name, false);
        }

        // Bedrock ids keep their dots: us.anthropic.claude-sonnet-4-5-20250929-v1:0 → claude-sonnet-4-5-20250929.
        var bedrock = BedrockId().Match(lower);
        if (bedrock.Success)
        {
            name = Normalise(bedrock.Groups["model"].Value);
            yield return (name, false);
        }

        // A snapshot the catalog does not list may be priced differently from its model (gpt-4o-2024-05-13 was):
        // it still prices as the model, but the caller marks the cost estimated.
        var undated = DateSuffix().Replace(name, "");
        if (undated != name)
        {
            yield return (undated, true);
        }

        if (undated.EndsWith("-latest", StringComparison.Ordinal))
        {
            yield return (undated[..^"-latest".Length], undated != name);
        }
    }

    [GeneratedRegex(@"^(?:(?:us|eu|apac|global|jp|au|us-gov)\.)?(?:anthropic|meta|amazon|mistral|cohere|deepseek|openai|qwen|writer)\.(?<model>.+?)(?:-v\d+(?::\d+)?)?$")]
    private static partial Regex BedrockId();

    // A trailing snapshot date: -20250929, -2025-04-14 (OpenAI), or Vertex's @20250929 after normalisation.
    [GeneratedRegex(@"-(?:20\d{6}|20\d{2}-\d{2}-\d{2})$")]
    private static partial Regex DateSuffix();
}
