namespace TokenMonitor.Pricing;

/// <summary>Whether to trust a cost the log carries (costUSD) or compute one from tokens, as ccusage's --mode.</summary>
public enum CostMode
{
    /// <summary>The log's cost when it has a non-zero one, else computed from tokens.</summary>
    Auto,

    /// <summary>Always computed from tokens and the catalog.</summary>
    Calculate,

    /// <summary>Only the log's cost; a record without one has an unknown cost (counted as unpriced, never $0).</summary>
    Display,
}

public sealed record PricingOptions
{
    public CostMode Mode { get; init; } = CostMode.Auto;

    /// <summary>Price every record at Batch API rates, for sources that do not say so themselves.</summary>
    public bool Batch { get; init; }

    /// <summary>A model whose price stands in for models the catalog does not know; such costs are marked estimated.</summary>
    public string? FallbackModel { get; init; }
}
