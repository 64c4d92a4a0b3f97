namespace TokenMonitor.Summaries;

/// <summary>Running totals of one group; latencies are kept only for records that report one.</summary>
internal sealed class SummaryAccumulator
{
    private long _requests, _input, _output, _cacheRead, _cacheWrite, _reasoning, _cacheHits, _unpriced;
    private decimal _cost, _withoutCache;
    private DateTimeOffset? _first, _last;
    private readonly SortedSet<string> _models = new(StringComparer.Ordinal);
    private List<double>? _latencies;
    private string? _lastModel;

    public void Add(UsageRecord r)
    {
        _requests += r.Requests;
        _input += r.InputTokens;
        _output += r.OutputTokens;
        _cacheRead += r.CacheReadTokens;
        _cacheWrite += r.CacheWriteTokens;
        _reasoning += r.ReasoningTokens;
        if (r.CacheReadTokens > 0) _cacheHits += r.Requests;
        if (r.Cost is { IsUnknownModel: false } cost)
        {
            _cost += cost.Total;
            _withoutCache += cost.WithoutCache;
        }
        else
        {
            _unpriced += r.Requests;
        }

        if (_first is null || r.Timestamp < _first) _first = r.Timestamp;
        if (_last is null || r.Timestamp > _last) _last = r.Timestamp;
        // A file's records share one model string: the set is asked only when it changes.
        if (!ReferenceEquals(r.Model, _lastModel)) _models.Add(_lastModel = r.Model);
        if (r.LatencyMs is { } latency) (_latencies ??= []).Add(latency);
    }

    public UsageSummary ToSummary(GroupKey key, string[] groupBy)
    {
        var prompt = _input + _cacheRead + _cacheWrite;
        _latencies?.Sort();
        return new UsageSummary
        {
            GroupBy = groupBy,
            Day = key.Day,
            Week = key.Week,
            Month = key.Month,
            Model = key.Model,
            Provider = key.Provider,
            Project = key.Project,
            Session = key.Session,
            User = key.User,
            Service = key.Service,
            Job = key.Job,
            Tag = key.Tag,
            Requests = _requests,
            InputTokens = _input,
            OutputTokens = _output,
            CacheReadTokens = _cacheRead,
            CacheWriteTokens = _cacheWrite,
            ReasoningTokens = _reasoning,
            TotalTokens = prompt + _output,
            Cost = _cost,
            CostWithoutCache = _withoutCache,
            CacheSavings = _withoutCache - _cost,
            CacheHitRate = _requests == 0 ? 0 : (double)_cacheHits / _requests,
            TokenCacheHitRate = prompt == 0 ? 0 : (double)_cacheRead / prompt,
            UnpricedRequests = _unpriced,
            Models = [.. _models],
            FirstTimestamp = _first,
            LastTimestamp = _last,
            P50Ms = Percentile(0.50),
            P90Ms = Percentile(0.90),
            P95Ms = Percentile(0.95),
            P99Ms = Percentile(0.99),
        };
    }

    private double? Percentile(double p) => _latencies is null ? null : Analytics.RobustStatistics.NearestRank(_latencies, p);
}
