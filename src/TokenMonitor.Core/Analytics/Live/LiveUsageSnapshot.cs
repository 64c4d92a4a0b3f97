namespace TokenMonitor.Analytics.Live;

/// <summary>What the live view shows at one refresh: the current 5-hour window, each budget, and a health verdict.</summary>
public sealed class LiveUsageSnapshot
{
    public DateTimeOffset At { get; init; }
    public int Refresh { get; init; }

    /// <summary>Calls read (or settled to larger copies) since the previous refresh.</summary>
    public int NewRecords { get; init; }

    public long TotalRecords { get; init; }

    /// <summary>The window holding At; null when no call falls in one.</summary>
    public UsageBlock? Block { get; init; }

    public BudgetStatus[] Budgets { get; init; } = [];

    /// <summary>The worst of the window's and the budgets' levels.</summary>
    public AlertLevel Health { get; init; }

    public string Summary { get; init; } = "";
}
