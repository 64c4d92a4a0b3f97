namespace TokenMonitor;

/// <summary>One budget in one period window, evaluated as of a moment.</summary>
public sealed class BudgetStatus
{
    public string Budget { get; init; } = "";
    public string Scope { get; init; } = "global";
    public BudgetPeriod Period { get; init; }
    public DateTimeOffset PeriodStart { get; init; }

    /// <summary>Exclusive end of the window; null for a Total budget, which never closes.</summary>
    public DateTimeOffset? PeriodEnd { get; init; }

    public DateTimeOffset AsOf { get; init; }

    /// <summary>The window holds the AsOf moment (the one a gate cares about).</summary>
    public bool IsCurrent { get; init; }

    public decimal Spent { get; init; }
    public decimal? Limit { get; init; }

    /// <summary>Spent as a percentage of Limit (82.5 means 82.5 %); null without an amount.</summary>
    public decimal? Percent { get; init; }

    public decimal? Remaining { get; init; }
    public AlertLevel Level { get; init; }
    public long Tokens { get; init; }
    public long? TokenLimit { get; init; }
    public long Requests { get; init; }
    public long? RequestLimit { get; init; }

    /// <summary>Requests in the window whose cost is unknown: Spent leaves them out.</summary>
    public long UnpricedRequests { get; init; }

    public decimal? BurnRatePerHour { get; init; }
    public decimal? ForecastSpend { get; init; }
    public decimal? ForecastLow { get; init; }
    public decimal? ForecastHigh { get; init; }
    public bool ForecastToExceed { get; init; }
    public DateTimeOffset? ProjectedLimitAt { get; init; }
    public string Message { get; internal set; } = "";

    public override string ToString() => Message;
}
