namespace TokenMonitor.Pricing;

/// <summary>
/// Prices records from a catalog. Long context follows the providers' billing rule, not ccusage's per-count
/// split: once a request's prompt (uncached input + cache reads + cache writes) passes the model's threshold,
/// every token of that request is billed at the long-context rates
/// (https://platform.claude.com/docs/en/about-claude/pricing, "Long context pricing";
/// https://ai.google.dev/gemini-api/docs/pricing).
/// </summary>
public sealed class CostCalculator(PriceCatalog catalog, PricingOptions options)
{
    private const decimal PerMillion = 1_000_000m;
    private readonly ModelPrice? _fallback = options.FallbackModel is null ? null
        : catalog.Resolve(options.FallbackModel) ?? throw new ArgumentException(
            $"The fallback model '{options.FallbackModel}' is not in the price catalog; Get-Help Measure-TokenCost -Parameter FallbackModel lists how to choose one.");

    public PriceCatalog Catalog => catalog;

    /// <summary>Claude Code writes &lt;synthetic&gt; for messages it made itself: no API call, nothing to bill.</summary>
    public static bool IsSynthetic(string model) => model == "<synthetic>";

    public TokenCost Price(UsageRecord record)
    {
        if (options.Mode == CostMode.Display)
        {
            // Only the log's own cost counts; a record without one has an unknown cost, not a free one.
            return record.ReportedCost is { } reported
                ? Reported(record, reported)
                : new TokenCost { IsUnknownModel = true, PriceSource = "no cost in the log (CostMode Display)" };
        }

        // A stored 0 beside non-zero tokens is a writer that did not know the price, not a free call (ccusage#1348).
        if (options.Mode == CostMode.Auto && record.ReportedCost is > 0m)
        {
            return Reported(record, record.ReportedCost.Value);
        }

        if (IsSynthetic(record.Model))
        {
            return new TokenCost { PriceEntry = record.Model, PriceSource = "not billed: Claude Code's own message" };
        }

        var match = catalog.Match(record.Model);
        if (match is null)
        {
            return _fallback is null
                ? new TokenCost { IsUnknownModel = true, PriceSource = $"no price for '{record.Model}' in {catalog.Description}" }
                : Calculate(record, _fallback, estimated: true, $"'{record.Model}' priced as the fallback model");
        }

        return match.SnapshotGuessed
            ? Calculate(record, match.Entry, estimated: true, $"snapshot '{record.Model}' is not in the catalog; priced as {match.Entry.Id}")
            : Calculate(record, match.Entry, estimated: false, null);
    }

    private TokenCost Calculate(UsageRecord r, ModelPrice entry, bool estimated, string? why)
    {
        // The threshold is a per-request rule: a row adding up many requests (a usage report bucket, a CSV row) says
        // nothing about any one prompt, so it is priced at base rates unless its source says which tier it was
        // billed at; when its total prompt passes the threshold the cost is marked estimated.
        var perRequest = r.Requests <= 1;
        var overThreshold = r.PromptTokens > entry.LongContextThreshold;
        var longContext = entry.LongContext is not null && (r.LongContextHint ?? (perRequest && overThreshold));
        estimated |= entry.LongContext is not null && r.LongContextHint is null && !perRequest && overThreshold;
        // Priority rates price a request at or below the long-context threshold (OpenAI's Priority page marks its rows
        // "excludes long context"); a long-context request keeps the long-context rates and any priority multiplier.
        var tier = Tier(r, entry);
        var priority = tier == ServiceTier.Priority && !longContext && entry.Priority is not null;

        // Time of day decides only for one request at a known time; a row of many requests, or a time taken from the
        // file, is priced at the peak rates and marked estimated.
        var timed = perRequest && !r.TimeFromFile;
        var offPeak = entry.OffPeak is { } hours && !longContext && !priority && timed && hours.IsOffPeak(r.Timestamp);
        estimated |= entry.OffPeak is not null && !timed;
        var rates = longContext ? entry.LongContext! : priority ? entry.Priority! : offPeak ? entry.OffPeak!.Rates : entry.Rates;
        var multiplier = Multiplier(r, entry, tier, priorityRates: priority);
        var plain = multiplier == 1m && multiplier.Scale == 0; // then tokens * rate * multiplier is tokens * rate, bit for bit

        decimal Amount(long tokens, decimal rate) => plain ? PerMillionTokens(tokens, rate) : tokens * rate * multiplier / PerMillion;

        var input = Amount(r.InputTokens, rates.Input);
        var output = Amount(r.OutputTokens, rates.Output);
        var cacheRead = Amount(r.CacheReadTokens, rates.CacheRead ?? rates.Input);
        var write5m = Amount(r.CacheWrite5mTokens, rates.CacheWrite5m ?? rates.Input);
        var write1h = Amount(r.CacheWrite1hTokens, rates.CacheWrite1h ?? rates.CacheWrite5m ?? rates.Input);
        return new TokenCost
        {
            Input = input,
            Output = output,
            CacheRead = cacheRead,
            CacheWrite5m = write5m,
            CacheWrite1h = write1h,
            Reasoning = Amount(r.ReasoningTokens, rates.Output),
            Total = input + output + cacheRead + write5m + write1h,
            WithoutCache = Amount(r.PromptTokens, rates.Input) + output,
            PriceEntry = entry.Id,
            PriceSource = entry.Citation + (priority ? "; priority processing rates" : offPeak ? "; off-peak rates" : "") + (why is null ? "" : $"; {why}"),
            IsEstimated = estimated,
            IsLongContext = longContext,
            IsPriorityRates = priority,
            RatesUsed = rates,
        };
    }

    /// <summary>
    /// <c>tokens * rate / 1,000,000</c> exactly as decimal arithmetic gives it, the same value at the same scale (so totals
    /// print alike), without the division, which was most of what pricing a record cost. A quotient by a power of ten is
    /// the product with the scale raised by six, less the trailing zeros the product's own scale did not have: for a
    /// list price (a mantissa of 32 bits) and a count of tokens, that is integer arithmetic. Anything else, and a zero
    /// rate, whose zeros decimal division scales by its own rules, takes the division. A property test holds the two
    /// to the same bits.
    /// </summary>
    internal static decimal PerMillionTokens(long tokens, decimal rate)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(rate, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        if (tokens < 0 || bits[0] <= 0 || bits[1] != 0 || bits[2] != 0 || bits[3] < 0 || scale > 22) return tokens * rate / PerMillion;
        var high = Math.BigMul((ulong)tokens, (ulong)(uint)bits[0], out var product);
        if (high != 0) return tokens * rate / PerMillion;

        var floor = scale;
        scale += 6;
        while (scale > floor && product % 10 == 0)
        {
            product /= 10;
            scale--;
        }

        return new decimal((int)(uint)product, (int)(uint)(product >> 32), 0, false, (byte)scale);
    }

    private enum ServiceTier { Standard, Batch, Flex, Priority }

    /// <summary>
    /// The tier whose price applies to a record: Batch API (the record's tier or -Batch) where the entry has a batch
    /// discount, else Flex where it has a flex discount (for OpenAI, its Batch API discount), else priority where the
    /// record says so. Priority is returned whether or not the entry prices it; the caller decides with what.
    /// </summary>
    private ServiceTier Tier(UsageRecord r, ModelPrice entry)
    {
        var tier = r.ServiceTier;
        var openAI = entry.Provider == "OpenAI";
        if ((options.Batch || Is(tier, "batch")) && entry.BatchDiscount is not null) return ServiceTier.Batch;
        if (Is(tier, "flex") && (entry.FlexDiscount ?? (openAI ? entry.BatchDiscount : null)) is not null) return ServiceTier.Flex;
        return Is(tier, "priority") ? ServiceTier.Priority : ServiceTier.Standard;

        static bool Is(string? tier, string name) => string.Equals(tier, name, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Batch API and service tiers as the source reports them. OpenAI bills priority processing at its fast rates
    /// and Flex processing at Batch API rates (https://platform.openai.com/docs/guides/priority-processing,
    /// https://platform.openai.com/docs/guides/flex-processing); Anthropic's priority tier is a capacity commitment,
    /// not a per-token price, so it changes nothing unless a catalog entry says otherwise. A record priced at the
    /// entry's own priority rates (<paramref name="priorityRates"/>) takes no priority multiplier: the rates are the
    /// priority price, and with multiplier 1 they go through the exact <see cref="PerMillionTokens"/>.
    /// </summary>
    private static decimal Multiplier(UsageRecord r, ModelPrice entry, ServiceTier tier, bool priorityRates)
    {
        var multiplier = 1m;
        var openAI = entry.Provider == "OpenAI";
        switch (tier)
        {
            case ServiceTier.Batch:
                multiplier *= 1m - entry.BatchDiscount!.Value;
                break;
            case ServiceTier.Flex:
                multiplier *= 1m - (entry.FlexDiscount ?? entry.BatchDiscount!.Value);
                break;
            case ServiceTier.Priority when !priorityRates && (entry.PriorityMultiplier ?? (openAI ? entry.FastMultiplier : null)) is { } priority:
                multiplier *= priority;
                break;
        }

        if (string.Equals(r.Speed, "fast", StringComparison.OrdinalIgnoreCase) && entry.FastMultiplier is { } fast)
        {
            multiplier *= fast;
        }

        return multiplier;
    }

    private static TokenCost Reported(UsageRecord r, decimal amount) => new()
    {
        Total = amount,
        WithoutCache = amount,
        PriceEntry = r.Model,
        PriceSource = "cost reported by the log (costUSD)",
        Basis = "Reported",
    };
}
