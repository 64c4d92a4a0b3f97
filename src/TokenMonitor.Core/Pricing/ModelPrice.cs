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

/// <summary>One catalog entry: a model's rates, its long-context and priority tiers and where the numbers come from.</summary>
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

    /// <summary>
    /// Rates of service_tier "priority" where the provider lists them per model (OpenAI's Priority processing page), for
    /// requests at or below <see cref="LongContextThreshold"/>; they take the place of <see cref="PriorityMultiplier"/> and,
    /// for OpenAI, <see cref="FastMultiplier"/>, which stay for long-context requests.
    /// </summary>
    public PriceRates? Priority { get; init; }

    /// <summary>Rates outside the model's peak hours, where its provider bills by time of day (DeepSeek).</summary>
    public OffPeakTier? OffPeak { get; init; }

    /// <summary>Fraction taken off input and output with the Batch API (0.5 = half price).</summary>
    public decimal? BatchDiscount { get; init; }

    /// <summary>Price multiplier of fast mode (Claude's <c>speed: "fast"</c>) and, for OpenAI, of priority processing.</summary>
    public decimal? FastMultiplier { get; init; }

    /// <summary>Price multiplier of service_tier "priority" where it differs from <see cref="FastMultiplier"/>.</summary>
    public decimal? PriorityMultiplier { get; init; }

    /// <summary>Fraction taken off with service_tier "flex"; for OpenAI the Batch API discount when not given.</summary>
    public decimal? FlexDiscount { get; init; }

    public required string Source { get; init; }

    /// <summary>The day the rates were read from <see cref="Source"/>, yyyy-MM-dd.</summary>
    public required string ReadOn { get; init; }

    public string? Note { get; init; }

    /// <summary>Which catalog the entry comes from: User (a pricing file), LiteLLM (Update-ModelPricing) or Embedded.</summary>
    public string Layer { get; init; } = "Embedded";

    /// <summary>
    /// This entry over one for the same model from a lower layer. Every rate this entry states wins. It always takes
    /// the lower entry's snapshot names and the multipliers and discounts it leaves out (they are relative); it takes
    /// the lower entry's cache, long-context and priority rates only when both list the same input and output price,
    /// because those are absolute and belong to that price (a negotiated rate of 2 must not meet a 1-hour write priced for 3).
    /// </summary>
    public ModelPrice Over(ModelPrice lower)
    {
        var sameBase = Rates.Input == lower.Rates.Input && Rates.Output == lower.Rates.Output;
        return this with
        {
            Aliases = [.. Aliases.Union(lower.Aliases, StringComparer.OrdinalIgnoreCase)],
            Rates = !sameBase ? Rates : Rates with
            {
                CacheRead = Rates.CacheRead ?? lower.Rates.CacheRead,
                CacheWrite5m = Rates.CacheWrite5m ?? lower.Rates.CacheWrite5m,
                CacheWrite1h = Rates.CacheWrite1h ?? lower.Rates.CacheWrite1h,
            },
            LongContext = !sameBase ? LongContext : LongContext is null ? lower.LongContext : LongContext with
            {
                CacheRead = LongContext.CacheRead ?? lower.LongContext?.CacheRead,
                CacheWrite5m = LongContext.CacheWrite5m ?? lower.LongContext?.CacheWrite5m,
                CacheWrite1h = LongContext.CacheWrite1h ?? lower.LongContext?.CacheWrite1h,
            },
            LongContextThreshold = !sameBase ? LongContextThreshold : LongContextThreshold ?? lower.LongContextThreshold,
            Priority = !sameBase ? Priority : Priority is null ? lower.Priority : Priority with
            {
                CacheRead = Priority.CacheRead ?? lower.Priority?.CacheRead,
                CacheWrite5m = Priority.CacheWrite5m ?? lower.Priority?.CacheWrite5m,
                CacheWrite1h = Priority.CacheWrite1h ?? lower.Priority?.CacheWrite1h,
            },
            OffPeak = !sameBase ? OffPeak : OffPeak ?? lower.OffPeak,
            BatchDiscount = BatchDiscount ?? lower.BatchDiscount,
            FastMultiplier = FastMultiplier ?? lower.FastMultiplier,
            PriorityMultiplier = PriorityMultiplier ?? lower.PriorityMultiplier,
            FlexDiscount = FlexDiscount ?? lower.FlexDiscount,
            Provider = Provider.Length > 0 ? Provider : lower.Provider,
        };
    }

    /// <summary>Where the price comes from, as a cost shows it: the page and the day it was read.</summary>
    public string Citation => string.IsNullOrEmpty(ReadOn) ? Source : $"{Source} (read {ReadOn})";
}
