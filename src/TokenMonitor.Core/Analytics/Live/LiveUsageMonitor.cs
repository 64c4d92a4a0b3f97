using System.Globalization;
using TokenMonitor.Budgets;

namespace TokenMonitor.Analytics.Live;

/// <summary>
/// Keeps the calls a live view needs and computes a snapshot on demand: the current 5-hour window (and, for
/// -TokenLimit max, the windows before it) and each budget's current period. Records are kept so that a larger
/// copy of a streamed reply can replace its partial one; a refresh re-folds them, which for a day of coding
/// sessions is a few thousand records.
/// </summary>
public sealed class LiveUsageMonitor(IReadOnlyList<Budget> budgets, long? tokenLimit, bool tokenLimitFromMax)
{
    private readonly Dictionary<UsageRecord, TokenCost?> _records = new(ReferenceEqualityComparer.Instance);
    private int _refresh;

    public long Count => _records.Count;

    public void Add(UsageRecord record, TokenCost? cost, UsageRecord? replaces)
    {
        if (replaces is not null) _records.Remove(replaces);
        _records[record] = cost;
    }

    public LiveUsageSnapshot Snapshot(DateTimeOffset now, int newRecords)
    {
        var blocks = new UsageBlockAnalyzer(new BlockOptions { AsOf = now, TokenLimit = tokenLimit, TokenLimitFromMax = tokenLimitFromMax, IncludeGaps = false });
        var evaluators = budgets.Select(b => new BudgetEvaluator(b, now)).ToList();
        foreach (var (record, cost) in _records)
        {
            blocks.Add(record, cost);
            foreach (var evaluator in evaluators) evaluator.Add(record, cost);
        }

        var block = blocks.Blocks().LastOrDefault(b => b.IsActive);
        var statuses = evaluators.SelectMany(e => e.Evaluate(allPeriods: false)).ToArray();
        var health = statuses.Select(s => s.Level).Append(block?.Level ?? AlertLevel.Ok).Max();
        return new LiveUsageSnapshot
        {
            At = now,
            Refresh = ++_refresh,
            NewRecords = newRecords,
            TotalRecords = _records.Count,
            Block = block,
            Budgets = statuses,
            Health = health,
            Summary = Describe(block, statuses, health),
        };
    }

    private static string Describe(UsageBlock? block, BudgetStatus[] statuses, AlertLevel health)
    {
        var inv = CultureInfo.InvariantCulture;
        var parts = new List<string>();
        if (block is null) parts.Add("no active 5h window");
        else
        {
            var text = $"window {block.TotalTokens.ToString("N0", inv)} tokens {Money.Format(block.Cost)}";
            if (block.TokensPerMinute is { } rate) text += $" at {rate.ToString("N0", inv)}/min";
            if (block.LimitReachedAt is { } at) text += $", limit ~{at.UtcDateTime.ToString("HH:mm", inv)} UTC";
            parts.Add(text);
        }

        parts.AddRange(statuses.Select(s => $"{s.Budget} {Money.Format(s.Spent)}" + (s.Limit is { } l ? $"/{Money.Format(l)}" : "")));
        parts.Add($"health {health}");
        return string.Join("; ", parts);
    }
}
