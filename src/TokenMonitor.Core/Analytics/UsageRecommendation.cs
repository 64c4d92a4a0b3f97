namespace TokenMonitor.Analytics;

public enum RecommendationKind
{
    /// <summary>Calls whose shape suits a cheaper model of the same provider.</summary>
    CheaperModel,

    /// <summary>Large uncached prompts where the cache is rarely hit.</summary>
    PromptCaching,

    /// <summary>Non-interactive work billed at interactive rates.</summary>
    BatchApi,

    /// <summary>Cache writes that were not read back enough to pay for themselves.</summary>
    UnpaidCacheWrites,
}

/// <summary>One concrete way to spend less, with what it applies to and an estimate of the saving.</summary>
public sealed class UsageRecommendation
{
    public RecommendationKind Kind { get; init; }

    /// <summary>What it applies to: a model, a model within a project, a job.</summary>
    public string Scope { get; init; } = "";

    public string Model { get; init; } = "";
    public string? SuggestedModel { get; init; }
    public long Requests { get; init; }

    /// <summary>What the affected calls cost now.</summary>
    public decimal CurrentCost { get; init; }

    public decimal EstimatedCost { get; init; }
    public decimal EstimatedSavings { get; init; }

    /// <summary>EstimatedSavings / CurrentCost.</summary>
    public double? SavingsShare { get; init; }

    public string Suggestion { get; init; } = "";

    /// <summary>How the estimate was made, with its assumptions.</summary>
    public string Basis { get; init; } = "";

    public override string ToString() => Suggestion;
}
