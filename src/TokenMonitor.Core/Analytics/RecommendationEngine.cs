using System.Globalization;
using System.Text.RegularExpressions;
using TokenMonitor.Pricing;

namespace TokenMonitor.Analytics;

public sealed record RecommendationOptions
{
    /// <summary>Calls with at most this many output tokens are "short answers" a cheaper model usually serves.</summary>
    public long ShortOutputTokens { get; init; } = 500;

    /// <summary>Calls with at least this much uncached input could cache a prefix (Anthropic's minimum cacheable prompt is 1,024 tokens).</summary>
    public long CacheableInputTokens { get; init; } = 1024;

    /// <summary>Groups whose token hit rate is below this are considered for prompt caching.</summary>
    public double LowHitRate { get; init; } = 0.5;

    /// <summary>The share of the uncached input assumed to be a repeated prefix.</summary>
    public double AssumedCacheableShare { get; init; } = 0.5;

    /// <summary>How many times a cached prefix is assumed to be read after it is written.</summary>
    public int AssumedReuse { get; init; } = 4;

    /// <summary>Recommendations saving less than this are left out.</summary>
    public decimal MinimumSavings { get; init; } = 0.0001m;
}

/// <summary>
/// Savings with estimates, in one pass. Cheaper-model estimates price each short-answer call again as the suggested
/// model with the same calculator; caching and batch estimates use the catalog's rates and the assumptions in
/// <see cref="RecommendationOptions"/>, which every recommendation states in its Basis.
/// </summary>
public sealed class RecommendationEngine(CostCalculator calculator, RecommendationOptions? options = null)
{
    private static readonly Regex NotSuggested = new("retired|deprecated|legacy|promotional", RegexOptions.IgnoreCase | RegexOptions.Compiled);
    private readonly RecommendationOptions _options = options ?? new RecommendationOptions();
    private readonly Dictionary<string, ModelTotals> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModelPrice?> _cheaper = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Model, string Scope), BatchTotals> _batch = [];
    private readonly Dictionary<(string Model, string Project), CacheTotals> _writes = [];

    public void Add(UsageRecord r, TokenCost? cost)
    {
        cost ??= r.Cost;
        if (r.IsDuplicate || cost is not { IsUnknownModel: false, Basis: "Calculated", PriceEntry: { } entryId }) return;
        if (calculator.Catalog.Resolve(entryId) is not { } entry) return;

        if (!_models.TryGetValue(entryId, out var model)) _models[entryId] = model = new ModelTotals(entry);
        model.Add(r, cost, this);

        // Interactive sessions need answers now; a job, or a call outside any session, can wait for the Batch API.
        var batched = string.Equals(r.ServiceTier, "batch", StringComparison.OrdinalIgnoreCase);
        if (!batched && entry.BatchDiscount is > 0 && (r.Job is not null || r.SessionId is null))
        {
            var scope = r.Job is not null ? $"job {r.Job}" : "calls outside a session";
            var key = (entryId, scope);
            if (!_batch.TryGetValue(key, out var batch)) _batch[key] = batch = new BatchTotals();
            batch.Requests += r.Requests;
            batch.Cost += cost.Total;
            batch.Savings += cost.Total * entry.BatchDiscount.Value;
        }

        if (r.CacheWriteTokens > 0 || r.CacheReadTokens > 0)
        {
            var key = (entryId, r.Project ?? "(none)");
            if (!_writes.TryGetValue(key, out var writes)) _writes[key] = writes = new CacheTotals();
            writes.Add(r, cost);
        }
    }

    public IEnumerable<UsageRecommendation> Recommendations()
    {
        var all = new List<UsageRecommendation>();
        foreach (var model in _models.Values)
        {
            if (model.CheaperCandidate is { } candidate && model.ShortRequests > 0)
            {
                all.Add(Make(RecommendationKind.CheaperModel, model.Entry.Id, model.Entry.Id, candidate.Id, model.ShortRequests,
                    model.ShortCost, model.ShortCostAsCandidate,
                    $"Move short answers (≤ {_options.ShortOutputTokens:N0} output tokens) from {model.Entry.Id} to {candidate.Id}.",
                    $"{model.ShortRequests:N0} calls priced again at {candidate.Id}'s catalog rates ({candidate.Citation})."));
            }

            if (model.CachingCandidate(_options) is { } caching) all.Add(caching);
        }

        foreach (var ((model, scope), batch) in _batch)
        {
            var discount = calculator.Catalog.Resolve(model)!.BatchDiscount!.Value;
            all.Add(Make(RecommendationKind.BatchApi, $"{model} / {scope}", model, null, batch.Requests, batch.Cost, batch.Cost - batch.Savings,
                $"Send {scope} of {model} through the Batch API.",
                $"the catalog's batch discount of {discount:P0} on what these calls cost."));
        }

        foreach (var ((model, project), writes) in _writes)
        {
            var loss = writes.Premium - writes.Discount;
            if (loss <= 0) continue;
            all.Add(Make(RecommendationKind.UnpaidCacheWrites, $"{model} / {project}", model, null, writes.Requests, writes.Premium, writes.Discount,
                $"Cache writes of {model} in {project} are not read back enough: cache a stable prefix only, or use the 5-minute TTL instead of 1 hour.",
                $"write premium {Money.Format(writes.Premium)} against a read discount of {Money.Format(writes.Discount)}."));
        }

        return all.Where(r => r.EstimatedSavings >= _options.MinimumSavings).OrderByDescending(r => r.EstimatedSavings).ThenBy(r => r.Scope, StringComparer.Ordinal);
    }

    private static UsageRecommendation Make(RecommendationKind kind, string scope, string model, string? suggested, long requests,
        decimal current, decimal estimated, string suggestion, string basis)
    {
        var savings = current - estimated;
        return new UsageRecommendation
        {
            Kind = kind,
            Scope = scope,
            Model = model,
            SuggestedModel = suggested,
            Requests = requests,
            CurrentCost = Math.Round(current, 6),
            EstimatedCost = Math.Round(estimated, 6),
            EstimatedSavings = Math.Round(savings, 6),
            SavingsShare = current > 0 ? Math.Round((double)(savings / current), 4) : null,
            Suggestion = $"{suggestion} Estimated saving {Money.Format(savings)}.",
            Basis = basis,
        };
    }

    /// <summary>The closest cheaper current model of the same provider: both rates lower, the highest output rate among those.</summary>
    internal ModelPrice? CheaperThan(ModelPrice entry)
    {
        if (_cheaper.TryGetValue(entry.Id, out var known)) return known;
        var found = calculator.Catalog.Winners
            .Where(c => c.Provider == entry.Provider && c.Id != entry.Id && !c.Id.EndsWith("-pro", StringComparison.Ordinal))
            .Where(c => c.Rates.Input < entry.Rates.Input && c.Rates.Output < entry.Rates.Output)
            .Where(c => c.Note is null || !NotSuggested.IsMatch(c.Note))
            .OrderByDescending(c => c.Rates.Output).ThenByDescending(c => c.Rates.Input).ThenBy(c => c.Id, StringComparer.Ordinal)
            .FirstOrDefault();
        _cheaper[entry.Id] = found;
        return found;
    }

    internal TokenCost PriceAs(UsageRecord r, ModelPrice candidate) => calculator.Price(new UsageRecord
    {
        Timestamp = r.Timestamp,
        Provider = r.Provider,
        Model = candidate.Id,
        InputTokens = r.InputTokens,
        OutputTokens = r.OutputTokens,
        CacheReadTokens = r.CacheReadTokens,
        CacheWrite5mTokens = r.CacheWrite5mTokens,
        CacheWrite1hTokens = r.CacheWrite1hTokens,
        ReasoningTokens = r.ReasoningTokens,
        Requests = r.Requests,
        ServiceTier = r.ServiceTier,
    });

    private sealed class ModelTotals(ModelPrice entry)
    {
        public ModelPrice Entry => entry;
        public ModelPrice? CheaperCandidate;
        public long ShortRequests, Requests, CacheableRequests, CacheableInput, PromptTokens, CacheReadTokens;
        public decimal ShortCost, ShortCostAsCandidate, CacheableCost;

        public void Add(UsageRecord r, TokenCost cost, RecommendationEngine owner)
        {
            Requests += r.Requests;
            PromptTokens += r.PromptTokens;
            CacheReadTokens += r.CacheReadTokens;
            if (r.Requests == 1 && r.OutputTokens <= owner._options.ShortOutputTokens && !cost.IsLongContext)
            {
                CheaperCandidate ??= owner.CheaperThan(entry);
                if (CheaperCandidate is { } candidate)
                {
                    ShortRequests++;
                    ShortCost += cost.Total;
                    ShortCostAsCandidate += owner.PriceAs(r, candidate).Total;
                }
            }

            if (r.InputTokens >= owner._options.CacheableInputTokens && r.Requests == 1)
            {
                CacheableRequests++;
                CacheableInput += r.InputTokens;
                CacheableCost += cost.Input;
            }
        }

        /// <summary>
        /// With share s of the uncached input repeating and each cached prefix written once and read n times, every
        /// (1 + n) cacheable tokens cost w + n·c instead of (1 + n)·i, where i, w and c are the input, write and read rates.
        /// </summary>
        public UsageRecommendation? CachingCandidate(RecommendationOptions o)
        {
            if (CacheableRequests < 2 || PromptTokens == 0) return null;
            var hitRate = (double)CacheReadTokens / PromptTokens;
            if (hitRate >= o.LowHitRate || entry.Rates.CacheRead is not { } read) return null;
            var input = entry.Rates.Input;
            var write = entry.Rates.CacheWrite5m ?? input;
            var n = (decimal)o.AssumedReuse;
            var perToken = ((1 + n) * input - write - n * read) / (1 + n) / 1_000_000m;
            if (perToken <= 0 || input == 0) return null;
            // Scale by what these calls' input actually cost per token, so batch or priority multipliers carry over.
            var multiplier = CacheableCost / (CacheableInput * input / 1_000_000m);
            var savings = CacheableInput * (decimal)o.AssumedCacheableShare * perToken * multiplier;
            return Make(RecommendationKind.PromptCaching, entry.Id, entry.Id, null, CacheableRequests, CacheableCost, CacheableCost - savings,
                $"Cache the repeated prompt prefix of {entry.Id} (token hit rate {hitRate.ToString("0%", CultureInfo.InvariantCulture)}).",
                $"{CacheableInput:N0} uncached input tokens in calls of ≥ {o.CacheableInputTokens:N0}; assumes {o.AssumedCacheableShare:P0} of it repeats and each cached prefix is read {o.AssumedReuse} times after its write.");
        }
    }

    private sealed class BatchTotals
    {
        public long Requests;
        public decimal Cost, Savings;
    }

    private sealed class CacheTotals
    {
        public long Requests;
        public decimal Premium, Discount;

        public void Add(UsageRecord r, TokenCost cost)
        {
            Requests += r.Requests;
            var prompt = r.PromptTokens;
            if (prompt == 0) return;
            var plain = (cost.WithoutCache - cost.Output) / prompt;
            Premium += cost.CacheWrite - r.CacheWriteTokens * plain;
            Discount += r.CacheReadTokens * plain - cost.CacheRead;
        }
    }
}
