namespace TokenMonitor;

/// <summary>One group of records from Measure-TokenCost -GroupBy or -Summary.</summary>
public sealed class UsageSummary
{
    /// <summary>The dimensions this row is grouped on, in the order the user named them.</summary>
    public string[] GroupBy { get; init; } = [];

    public DateOnly? Day { get; init; }
    public DateOnly? Week { get; init; }
    public string? Month { get; init; }
    public string? Model { get; init; }
    public string? Provider { get; init; }
    public string? Project { get; init; }
    public string? Session { get; init; }
    public string? User { get; init; }
    public string? Service { get; init; }
    public string? Job { get; init; }
    public string? Tag { get; init; }

    public long Requests { get; init; }
    public long InputTokens { get; init; }
    public long OutputTokens { get; init; }
    public long CacheReadTokens { get; init; }
    public long CacheWriteTokens { get; init; }
    public long ReasoningTokens { get; init; }
    public long TotalTokens { get; init; }
    public decimal Cost { get; init; }
    public decimal CostWithoutCache { get; init; }
    public decimal CacheSavings { get; init; }

    /// <summary>Share of requests that read anything from the cache (0 to 1).</summary>
    public double CacheHitRate { get; init; }

    /// <summary>Share of prompt tokens served from the cache (0 to 1).</summary>
    public double TokenCacheHitRate { get; init; }

    /// <summary>Requests whose model has no price: their cost is missing from <see cref="Cost"/>, not zero.</summary>
    public long UnpricedRequests { get; init; }

    public string[] Models { get; init; } = [];
    public DateTimeOffset? FirstTimestamp { get; init; }
    public DateTimeOffset? LastTimestamp { get; init; }
    public double? P50Ms { get; init; }
    public double? P90Ms { get; init; }
    public double? P95Ms { get; init; }
    public double? P99Ms { get; init; }
}
