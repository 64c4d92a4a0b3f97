using TokenMonitor.Pricing;

namespace TokenMonitor.Analytics;

/// <summary>
/// Cache efficiency per group in one pass. Premium and discount are measured against the plain input rate the
/// record's own cost implies ((WithoutCache − Output) / prompt tokens), so batch, priority and long-context
/// multipliers cancel out. Percentiles need the latencies themselves: they are the one per-group list kept, and
/// only for calls that report a latency.
/// </summary>
public sealed class CacheEfficiencyAnalyzer(IReadOnlyList<AnalysisDimension> groupBy, Func<string, ModelPrice?>? rates = null)
{
    public static readonly string[] BucketNames = ["0%", "1-25%", "26-50%", "51-75%", "76-99%", "100%"];
    private readonly Dictionary<string, Totals> _groups = new(StringComparer.Ordinal);

    public void Add(UsageRecord record, TokenCost? cost)
    {
        if (record.IsDuplicate) return;
        var key = AnalysisGroups.Label(record, groupBy);
        if (!_groups.TryGetValue(key, out var totals)) _groups[key] = totals = new Totals();
        totals.Add(record, cost ?? record.Cost, this);
    }

    public IEnumerable<CacheEfficiency> Results()
    {
        var names = groupBy.Select(d => d.ToString()).ToArray();
        return _groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Value.ToResult(g.Key, names));
    }

    /// <summary>The bucket of a cache-read share: exactly none and exactly all stand apart from the ranges between.</summary>
    public static int Bucket(long cacheRead, long prompt)
    {
        if (cacheRead <= 0 || prompt <= 0) return 0;
        if (cacheRead >= prompt) return 5;
        var percent = Math.Ceiling(cacheRead * 100.0 / prompt);
        return percent <= 25 ? 1 : percent <= 50 ? 2 : percent <= 75 ? 3 : 4;
    }

    /// <summary>Reads of a written token that pay back its write: (write rate − input rate) / (input rate − read rate).</summary>
    internal double? BreakEven(UsageRecord r, TokenCost cost)
    {
        if (rates is null || cost.PriceEntry is null || rates(cost.PriceEntry) is not { } entry) return null;
        // A calculated cost names the tier it was billed at; any other (a reported cost) used none, so the base rates.
        var tier = cost.RatesUsed ?? entry.Rates;
        var write5m = tier.CacheWrite5m ?? tier.Input;
        var write1h = tier.CacheWrite1h ?? write5m;
        var writes = r.CacheWriteTokens;
        if (writes <= 0) return null;
        var writeRate = (r.CacheWrite5mTokens * write5m + r.CacheWrite1hTokens * write1h) / writes;
        var discount = tier.Input - (tier.CacheRead ?? tier.Input);
        if (discount <= 0) return null;
        return (double)(Math.Max(0, writeRate - tier.Input) / discount);
    }

    private sealed class Totals
    {
        private long _requests, _hits, _prompt, _input, _read, _write, _unpriced;
        private decimal _cost, _without, _premium, _discount;
        private double _breakEvenWeighted;
        private long _breakEvenWrites;
        private readonly long[] _bucketRequests = new long[6];
        private readonly List<double>?[] _latencies = new List<double>?[6];

        public void Add(UsageRecord r, TokenCost? cost, CacheEfficiencyAnalyzer owner)
        {
            _requests += r.Requests;
            if (r.CacheReadTokens > 0) _hits += r.Requests;
            var prompt = r.PromptTokens;
            _prompt += prompt;
            _input += r.InputTokens;
            _read += r.CacheReadTokens;
            _write += r.CacheWriteTokens;
            var bucket = Bucket(r.CacheReadTokens, prompt);
            _bucketRequests[bucket] += r.Requests;
            if (r.LatencyMs is { } latency) (_latencies[bucket] ??= []).Add(latency);

            if (cost is not { IsUnknownModel: false })
            {
                _unpriced += r.Requests;
                return;
            }

            _cost += cost.Total;
            _without += cost.WithoutCache;
            // A cost the log reported has no breakdown to split into premium and discount.
            if (cost.Basis != "Calculated" || prompt == 0) return;
            var plain = (cost.WithoutCache - cost.Output) / prompt;
            _premium += cost.CacheWrite - r.CacheWriteTokens * plain;
            _discount += r.CacheReadTokens * plain - cost.CacheRead;
            if (owner.BreakEven(r, cost) is { } breakEven)
            {
                _breakEvenWeighted += breakEven * r.CacheWriteTokens;
                _breakEvenWrites += r.CacheWriteTokens;
            }
        }

        public CacheEfficiency ToResult(string key, string[] groupBy)
        {
            var buckets = new CacheLatencyBucket[6];
            var all = new List<double>();
            for (var i = 0; i < 6; i++)
            {
                var values = _latencies[i] ?? [];
                values.Sort();
                all.AddRange(values);
                buckets[i] = new CacheLatencyBucket
                {
                    Bucket = BucketNames[i],
                    Requests = _bucketRequests[i],
                    WithLatency = values.Count,
                    P50Ms = RobustStatistics.NearestRank(values, 0.50),
                    P90Ms = RobustStatistics.NearestRank(values, 0.90),
                    P95Ms = RobustStatistics.NearestRank(values, 0.95),
                    P99Ms = RobustStatistics.NearestRank(values, 0.99),
                };
            }

            all.Sort();
            double? readsPerWrite = _write > 0 ? (double)_read / _write : null;
            double? breakEven = _breakEvenWrites > 0 ? _breakEvenWeighted / _breakEvenWrites : null;
            return new CacheEfficiency
            {
                GroupBy = groupBy,
                Group = key,
                Requests = _requests,
                CacheHitRequests = _hits,
                RequestHitRate = _requests == 0 ? 0 : Math.Round((double)_hits / _requests, 4),
                PromptTokens = _prompt,
                InputTokens = _input,
                CacheReadTokens = _read,
                CacheWriteTokens = _write,
                TokenHitRate = _prompt == 0 ? 0 : Math.Round((double)_read / _prompt, 4),
                Cost = _cost,
                CostWithoutCache = _without,
                Savings = _without - _cost,
                WritePremium = Math.Round(_premium, 6),
                ReadDiscount = Math.Round(_discount, 6),
                ReturnOnWrites = _premium > 0 ? Math.Round((double)(_discount / _premium), 2) : null,
                ReadsPerWrite = readsPerWrite is { } rpw ? Math.Round(rpw, 2) : null,
                BreakEvenReads = breakEven is { } be ? Math.Round(be, 3) : null,
                PaysBack = readsPerWrite is { } reads && breakEven is { } need ? reads >= need : null,
                UnpricedRequests = _unpriced,
                P50Ms = RobustStatistics.NearestRank(all, 0.50),
                P90Ms = RobustStatistics.NearestRank(all, 0.90),
                P95Ms = RobustStatistics.NearestRank(all, 0.95),
                P99Ms = RobustStatistics.NearestRank(all, 0.99),
                LatencyByCacheRatio = buckets,
            };
        }
    }
}
