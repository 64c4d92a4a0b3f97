namespace TokenMonitor;

/// <summary>The price of one <see cref="UsageRecord"/> in US dollars.</summary>
public sealed class TokenCost
{
    public decimal Input { get; init; }
    public decimal Output { get; init; }
    public decimal CacheRead { get; init; }
    public decimal CacheWrite5m { get; init; }
    public decimal CacheWrite1h { get; init; }
    public decimal CacheWrite => CacheWrite5m + CacheWrite1h;

    /// <summary>The share of <see cref="Output"/> spent on reasoning tokens; already inside Output, never added again.</summary>
    public decimal Reasoning { get; init; }

    public decimal Total { get; init; }

    /// <summary>What the same call would cost if every prompt token were billed at the plain input rate.</summary>
    public decimal WithoutCache { get; init; }

    /// <summary>WithoutCache minus Total; negative when cache writes never paid back.</summary>
    public decimal CacheSavings => WithoutCache - Total;

    /// <summary>The catalog entry the price came from, e.g. claude-sonnet-4-5.</summary>
    public string? PriceEntry { get; init; }

    /// <summary>Where the rates come from, with the date they were read.</summary>
    public string? PriceSource { get; init; }

    /// <summary>The cost was not computed from list prices for this exact model (a fallback model priced it).</summary>
    public bool IsEstimated { get; init; }

    /// <summary>The cost is unknown (no price for the model, or no cost in the log under CostMode Display): every amount is zero and must not be read as free.</summary>
    public bool IsUnknownModel { get; init; }

    /// <summary>The whole request was billed at the model's long-context rates.</summary>
    public bool IsLongContext { get; init; }

    /// <summary>
    /// The request was billed at its catalog entry's own priority-processing rates (<see cref="Pricing.ModelPrice.Priority"/>),
    /// not at a multiple of the standard ones; <see cref="PriceSource"/> says so to users.
    /// </summary>
    internal bool IsPriorityRates { get; init; }

    /// <summary>The tier of rates the cost was calculated at (base, long-context, priority or off-peak); null when not calculated.</summary>
    internal Pricing.PriceRates? RatesUsed { get; init; }

    /// <summary>Calculated from tokens, or Reported by the log (costUSD).</summary>
    public string Basis { get; init; } = "Calculated";

    public override string ToString() => IsUnknownModel ? "unknown" : Total.ToString("C4", System.Globalization.CultureInfo.GetCultureInfo("en-US"));
}
