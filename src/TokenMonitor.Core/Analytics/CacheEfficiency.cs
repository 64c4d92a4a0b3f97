namespace TokenMonitor.Analytics;

/// <summary>Latency of the calls whose prompts were served from cache in one share range.</summary>
public sealed class CacheLatencyBucket
{
    /// <summary>0%, 1-25%, 26-50%, 51-75%, 76-99% or 100% of the prompt read from cache.</summary>
    public string Bucket { get; init; } = "";
    public long Requests { get; init; }

    /// <summary>Calls in the bucket that report a latency.</summary>
    public long WithLatency { get; init; }

    public double? P50Ms { get; init; }
    public double? P90Ms { get; init; }
    public double? P95Ms { get; init; }
    public double? P99Ms { get; init; }
}

/// <summary>Whether prompt caching pays in one group: hit rates, what it saved, and what cache writes return.</summary>
public sealed class CacheEfficiency
{
    public string[] GroupBy { get; init; } = [];
    public string Group { get; init; } = "(all)";
    public long Requests { get; init; }

    /// <summary>Requests that read anything from cache.</summary>
    public long CacheHitRequests { get; init; }

    public double RequestHitRate { get; init; }
    public long PromptTokens { get; init; }
    public long InputTokens { get; init; }
    public long CacheReadTokens { get; init; }
    public long CacheWriteTokens { get; init; }

    /// <summary>CacheReadTokens / PromptTokens.</summary>
    public double TokenHitRate { get; init; }

    public decimal Cost { get; init; }
    public decimal CostWithoutCache { get; init; }

    /// <summary>CostWithoutCache − Cost (TokenCost.CacheSavings summed): ReadDiscount − WritePremium.</summary>
    public decimal Savings { get; init; }

    /// <summary>What cache writes cost above the plain input rate.</summary>
    public decimal WritePremium { get; init; }

    /// <summary>What cache reads cost below the plain input rate.</summary>
    public decimal ReadDiscount { get; init; }

    /// <summary>ReadDiscount / WritePremium: above 1 the writes paid back; null without a write premium.</summary>
    public double? ReturnOnWrites { get; init; }

    /// <summary>Cache-read tokens per cache-written token: how often a written prefix was read back on average.</summary>
    public double? ReadsPerWrite { get; init; }

    /// <summary>How many reads of a written prefix pay back its write: write premium over read discount per token, from the catalog's rates.</summary>
    public double? BreakEvenReads { get; init; }

    /// <summary>ReadsPerWrite reached BreakEvenReads.</summary>
    public bool? PaysBack { get; init; }

    public long UnpricedRequests { get; init; }
    public double? P50Ms { get; init; }
    public double? P90Ms { get; init; }
    public double? P95Ms { get; init; }
    public double? P99Ms { get; init; }
    public CacheLatencyBucket[] LatencyByCacheRatio { get; init; } = [];
}
