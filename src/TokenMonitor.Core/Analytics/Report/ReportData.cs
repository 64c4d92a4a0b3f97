using TokenMonitor.Time;

namespace TokenMonitor.Analytics.Report;

public sealed record ReportOptions
{
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;
    public string Title { get; init; } = "TokenMonitor usage report";

    /// <summary>A budget for the burn-down chart; null draws spend to date with its forecast.</summary>
    public decimal? BudgetAmount { get; init; }

    /// <summary>The budget period the burn-down covers: the month (in the zone) of the latest record.</summary>
    public int TopProjects { get; init; } = 10;
    public DateTimeOffset GeneratedAt { get; init; } = DateTimeOffset.UtcNow;
}

/// <summary>What the report shows, gathered in one pass: memory grows with days × models and with projects.</summary>
public sealed class ReportData(ReportOptions options)
{
    public ReportOptions Options => options;
    public SortedDictionary<DateOnly, DayTotals> Days { get; } = [];
    public Dictionary<string, GroupTotals> Models { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, GroupTotals> Projects { get; } = new(StringComparer.Ordinal);
    public GroupTotals Total { get; } = new();

    public void Add(UsageRecord r, TokenCost? cost)
    {
        if (r.IsDuplicate) return;
        cost ??= r.Cost;
        var day = TimeZones.DayOf(r.Timestamp, options.TimeZone);
        if (!Days.TryGetValue(day, out var totals)) Days[day] = totals = new DayTotals();
        totals.Add(r, cost);
        Group(Models, r.Model).Add(r, cost);
        Group(Projects, string.IsNullOrEmpty(r.Project) ? "(none)" : r.Project).Add(r, cost);
        Total.Add(r, cost);
    }

    private static GroupTotals Group(Dictionary<string, GroupTotals> groups, string key)
    {
        if (!groups.TryGetValue(key, out var totals)) groups[key] = totals = new GroupTotals();
        return totals;
    }

    /// <summary>Models by cost, the most expensive first; beyond <paramref name="max"/> they fold into "other".</summary>
    public List<string> ModelOrder(int max = 8) => [.. Models.OrderByDescending(m => m.Value.Cost).ThenBy(m => m.Key, StringComparer.Ordinal).Take(max).Select(m => m.Key)];

    public sealed class DayTotals : GroupTotals
    {
        public Dictionary<string, decimal> CostByModel { get; } = new(StringComparer.Ordinal);

        public override void Add(UsageRecord r, TokenCost? cost)
        {
            base.Add(r, cost);
            if (cost is { IsUnknownModel: false }) CostByModel[r.Model] = CostByModel.GetValueOrDefault(r.Model) + cost.Total;
        }
    }

    public class GroupTotals
    {
        public long Requests { get; private set; }
        public long Tokens { get; private set; }
        public long PromptTokens { get; private set; }
        public long CacheReadTokens { get; private set; }
        public decimal Cost { get; private set; }
        public decimal Saved { get; private set; }
        public long Unpriced { get; private set; }
        public double HitRate => PromptTokens == 0 ? 0 : (double)CacheReadTokens / PromptTokens;

        public virtual void Add(UsageRecord r, TokenCost? cost)
        {
            Requests += r.Requests;
            Tokens += r.TotalTokens;
            PromptTokens += r.PromptTokens;
            CacheReadTokens += r.CacheReadTokens;
            if (cost is { IsUnknownModel: false })
            {
                Cost += cost.Total;
                Saved += cost.CacheSavings;
            }
            else
            {
                Unpriced += r.Requests;
            }
        }
    }
}
