namespace TokenMonitor;

/// <summary>One budget in one period window, evaluated as of a moment.</summary>
public sealed class BudgetStatus
{
    public string Budget { get; init; } = "";
    public string Scope { get; init; } = "global";
    public BudgetPeriod Period { get; init; }

    /// <summary>The window length of a Rolling budget.</summary>
    public TimeSpan? Window { get; init; }

    public DateTimeOffset PeriodStart { get; init; }

    /// <summary>Exclusive end of the window; null for a Total budget, which never closes.</summary>
    public DateTimeOffset? PeriodEnd { get; init; }

    public DateTimeOffset AsOf { get; init; }

    /// <summary>The window holds the AsOf moment (the one a gate cares about).</summary>
    public bool IsCurrent { get; init; }

    public decimal Spent { get; init; }

    /// <summary>The amount limit of this window; with rollover it includes what earlier windows left unspent.</summary>
    public decimal? Limit { get; init; }

    /// <summary>How much of Limit was rolled over from earlier windows; null when the budget does not roll over.</summary>
    public decimal? RolledOver { get; init; }

    /// <summary>Spent as a percentage of Limit (82.5 means 82.5 %); null without an amount.</summary>
    public decimal? Percent { get; init; }

    public decimal? Remaining { get; init; }
    public AlertLevel Level { get; init; }

    /// <summary>The minute the window crossed its Exceeded threshold (amount or quota); null while it has not.</summary>
    public DateTimeOffset? ExceededAt { get; init; }

    public long Tokens { get; init; }
    public long? TokenLimit { get; init; }
    public long Requests { get; init; }
    public long? RequestLimit { get; init; }

    /// <summary>Requests in the window whose cost is unknown: Spent leaves them out.</summary>
    public long UnpricedRequests { get; init; }

    public decimal? BurnRatePerHour { get; init; }

    /// <summary>False when the window has too little history to extend (under two forecast units or two requests).</summary>
    public bool HasForecast { get; init; }

    /// <summary>Spend at period end at the window's average rate; ForecastLow and ForecastHigh bound it (80 % interval).</summary>
    public decimal? ForecastSpend { get; init; }
    public decimal? ForecastLow { get; init; }
    public decimal? ForecastHigh { get; init; }
    public long? ForecastTokens { get; init; }
    public long? ForecastRequests { get; init; }

    /// <summary>The forecast passes the amount or a quota by period end (AWS Budgets' forecasted alert).</summary>
    public bool ForecastToExceed { get; init; }

    public DateTimeOffset? ProjectedLimitAt { get; init; }
    public string Message { get; internal set; } = "";

    public override string ToString() => Message;
}
