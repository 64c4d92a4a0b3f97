namespace TokenMonitor.Pricing;

/// <summary>Rates in US dollars per million tokens for one tier of a model.</summary>
public sealed record PriceRates
{
    public decimal Input { get; init; }
    public decimal Output { get; init; }

    /// <summary>Cached input / cache read; null when the model has no discount for it (billed as input).</summary>
    public decimal? CacheRead { get; init; }

    /// <summary>Cache write with a 5-minute TTL; null where writes are not billed apart (billed as input).</summary>
    public decimal? CacheWrite5m { get; init; }

    /// <summary>Cache write with a 1-hour TTL; null where not billed apart.</summary>
    public decimal? CacheWrite1h { get; init; }
}

/// <summary>One catalog entry: a model's rates, its long-context tier and where the numbers come from.</summary>
public sealed record ModelPrice
{
    public required string Id { get; init; }
    public required string Provider { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public required PriceRates Rates { get; init; }

    /// <summary>Rates for the whole request once its prompt passes <see cref="LongContextThreshold"/>.</summary>
    public PriceRates? LongContext { get; init; }

    /// <summary>Prompt tokens (uncached input + cache reads + cache writes) above which the long-context rates apply.</summary>
    public long? LongContextThreshold { get; init; }

    /// <summary>Fraction taken off input and output with the Batch API (0.5 = half price).</summary>
    public decimal? BatchDiscount { get; init; }

    /// <summary>Price multiplier of fast mode (Claude's <c>speed: "fast"</c>).</summary>
    public decimal? FastMultiplier { get; init; }

    public required string Source { get; init; }

    /// <summary>The day the rates were read from <see cref="Source"/>, yyyy-MM-dd.</summary>
    public required string ReadOn { get; init; }

    public string? Note { get; init; }

    /// <summary>Which catalog the entry comes from: User (a pricing file), LiteLLM (Update-ModelPricing) or Embedded.</summary>
    public string Layer { get; init; } = "Embedded";

    /// <summary>Where the price comes from, as a cost shows it: the page and the day it was read.</summary>
    public string Citation => $"{Source} (read {ReadOn})";
}
