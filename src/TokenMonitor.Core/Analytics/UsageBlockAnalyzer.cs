using System.Globalization;

namespace TokenMonitor.Analytics;

/// <summary>How to cut usage into plan windows.</summary>
public sealed record BlockOptions
{
    public TimeSpan Length { get; init; } = TimeSpan.FromHours(5);
    public DateTimeOffset AsOf { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>A fixed plan limit in tokens; null for none.</summary>
    public long? TokenLimit { get; init; }

    /// <summary>Use the highest completed window's tokens as the limit (ccusage's --token-limit max).</summary>
    public bool TokenLimitFromMax { get; init; }

    public bool IncludeGaps { get; init; } = true;

    /// <summary>Share of the limit from which a window is at Warning.</summary>
    public double WarningShare { get; init; } = 0.8;
}

/// <summary>
/// Cuts usage into the 5-hour windows coding plans meter, as ccusage's blocks report does: a window starts at its
/// first call's time floored to the UTC hour and lasts five hours; the next call at or after its end opens the next.
/// Records are folded into UTC hour buckets as they arrive (in any order), so memory grows with the hours that saw
/// use, not with the calls; because a window always starts on the hour, buckets lose nothing.
/// </summary>
public sealed class UsageBlockAnalyzer(BlockOptions options)
{
    private readonly Dictionary<long, HourTotals> _hours = [];

    public void Add(UsageRecord record, TokenCost? cost)
    {
        if (record.IsDuplicate || record.Timestamp > options.AsOf) return;
        var hour = record.Timestamp.ToUniversalTime().Ticks / TimeSpan.TicksPerHour;
        if (!_hours.TryGetValue(hour, out var totals)) _hours[hour] = totals = new HourTotals();
        totals.Add(record, cost ?? record.Cost);
    }

    public IReadOnlyList<UsageBlock> Blocks()
    {
        var windows = new List<WindowTotals>();
        WindowTotals? open = null;
        foreach (var (hour, totals) in _hours.OrderBy(h => h.Key))
        {
            var start = new DateTimeOffset(hour * TimeSpan.TicksPerHour, TimeSpan.Zero);
            // A window is [start, start + length): a call at or after its end opens the next one. A gap of more than
            // the length between calls always lands past the end, so ccusage's second rule needs no check of its own.
            if (open is null || start >= open.Start + options.Length)
            {
                open = new WindowTotals(start);
                windows.Add(open);
            }

            open.Add(totals);
        }

        var completedMax = windows.Where(w => !IsActive(w)).Select(w => (long?)w.Tokens).Max();
        long? limit = options.TokenLimitFromMax ? completedMax is > 0 ? completedMax : null : options.TokenLimit;

        var blocks = new List<UsageBlock>(windows.Count * 2);
        for (var i = 0; i < windows.Count; i++)
        {
            if (i > 0 && options.IncludeGaps && windows[i].First - windows[i - 1].Last > options.Length)
            {
                var gapStart = windows[i - 1].Last + options.Length;
                blocks.Add(Gap(gapStart, windows[i].First));
            }

            blocks.Add(Build(windows[i], limit));
        }

        return blocks;
    }

    private bool IsActive(WindowTotals w) => options.AsOf >= w.Start && options.AsOf < w.Start + options.Length;

    private UsageBlock Gap(DateTimeOffset start, DateTimeOffset end) => new()
    {
        Id = "gap-" + Iso(start),
        Start = start,
        End = end,
        IsGap = true,
        AsOf = options.AsOf,
        Message = $"No usage from {Iso(start)} to {Iso(end)}.",
    };

    private UsageBlock Build(WindowTotals w, long? limit)
    {
        var end = w.Start + options.Length;
        var active = IsActive(w);
        var minutes = (w.Last - w.First).TotalMinutes;
        double? perMinute = minutes >= 1 ? w.Tokens / minutes : null;
        decimal? perHour = minutes >= 1 ? w.Cost / (decimal)(minutes / 60) : null;
        var remaining = active ? Math.Max(0, (end - options.AsOf).TotalMinutes) : 0;
        var projectedTokens = w.Tokens + (long)Math.Round((perMinute ?? 0) * remaining);
        var projectedCost = w.Cost + (perHour ?? 0m) * (decimal)(remaining / 60);

        double? percent = limit is > 0 ? w.Tokens * 100.0 / limit.Value : null;
        double? projectedPercent = limit is > 0 ? projectedTokens * 100.0 / limit.Value : null;
        DateTimeOffset? reachedAt = null;
        if (active && limit is { } l && perMinute is > 0 && w.Tokens < l)
        {
            var at = options.AsOf + TimeSpan.FromSeconds(Math.Round((l - w.Tokens) / perMinute.Value * 60));
            if (at < end) reachedAt = at;
        }

        var level = percent is null ? AlertLevel.Ok
            : percent >= 100 ? AlertLevel.Exceeded
            : percent >= options.WarningShare * 100 || (active && projectedPercent >= 100) ? AlertLevel.Warning
            : AlertLevel.Ok;

        var block = new UsageBlock
        {
            Id = Iso(w.Start),
            Start = w.Start,
            End = end,
            IsActive = active,
            AsOf = options.AsOf,
            FirstRecord = w.First,
            LastRecord = w.Last,
            Requests = w.Requests,
            InputTokens = w.Input,
            OutputTokens = w.Output,
            CacheReadTokens = w.CacheRead,
            CacheWriteTokens = w.CacheWrite,
            TotalTokens = w.Tokens,
            Cost = w.Cost,
            UnpricedRequests = w.Unpriced,
            Models = [.. w.Models],
            TokensPerMinute = perMinute is { } r ? Math.Round(r, 2) : null,
            CostPerHour = perHour is { } c ? Math.Round(c, 6) : null,
            ProjectedTokens = projectedTokens,
            ProjectedCost = Math.Round(projectedCost, 6),
            TokenLimit = limit,
            PercentOfLimit = percent is { } p ? Math.Round(p, 2) : null,
            ProjectedPercentOfLimit = projectedPercent is { } pp ? Math.Round(pp, 2) : null,
            LimitReachedAt = reachedAt,
            Level = level,
        };
        block.Message = Describe(block);
        return block;
    }

    private static string Describe(UsageBlock b)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = $"5h window {b.Start.UtcDateTime.ToString("yyyy-MM-dd HH:mm", inv)}–{b.End.UtcDateTime.ToString("HH:mm", inv)} UTC"
            + (b.IsActive ? " (active)" : "") + $": {b.TotalTokens.ToString("N0", inv)} tokens, {Money.Format(b.Cost)}";
        if (b.TokenLimit is { } limit) text += $", {b.PercentOfLimit?.ToString("0.#", inv)}% of {limit.ToString("N0", inv)}";
        if (b.IsActive && b.TokensPerMinute is { } rate)
        {
            text += $"; burning {rate.ToString("N0", inv)} tokens/min, {b.ProjectedTokens.ToString("N0", inv)} projected by the end";
            if (b.LimitReachedAt is { } at) text += $", limit reached around {at.UtcDateTime.ToString("HH:mm", inv)} UTC";
        }

        return text + $". Level {b.Level}.";
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private sealed class HourTotals
    {
        public long Requests, Input, Output, CacheRead, CacheWrite, Unpriced;
        public decimal Cost;
        public DateTimeOffset First = DateTimeOffset.MaxValue, Last = DateTimeOffset.MinValue;
        public readonly HashSet<string> Models = new(StringComparer.Ordinal);

        public void Add(UsageRecord r, TokenCost? cost)
        {
            Requests += r.Requests;
            Input += r.InputTokens;
            Output += r.OutputTokens;
            CacheRead += r.CacheReadTokens;
            CacheWrite += r.CacheWriteTokens;
            if (cost is { IsUnknownModel: false }) Cost += cost.Total;
            else Unpriced += r.Requests;
            if (r.Timestamp < First) First = r.Timestamp;
            if (r.Timestamp > Last) Last = r.Timestamp;
            Models.Add(r.Model);
        }
    }

    private sealed class WindowTotals(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;
        public long Requests, Input, Output, CacheRead, CacheWrite, Unpriced;
        public decimal Cost;
        public DateTimeOffset First = DateTimeOffset.MaxValue, Last = DateTimeOffset.MinValue;
        public readonly SortedSet<string> Models = new(StringComparer.Ordinal);
        public long Tokens => Input + Output + CacheRead + CacheWrite;

        public void Add(HourTotals h)
        {
            Requests += h.Requests;
            Input += h.Input;
            Output += h.Output;
            CacheRead += h.CacheRead;
            CacheWrite += h.CacheWrite;
            Cost += h.Cost;
            Unpriced += h.Unpriced;
            if (h.First < First) First = h.First;
            if (h.Last > Last) Last = h.Last;
            Models.UnionWith(h.Models);
        }
    }
}
