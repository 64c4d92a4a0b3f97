namespace TokenMonitor.Budgets;

/// <summary>Percent of the limit at which each level starts; the defaults are the ones cloud budgets suggest.</summary>
public sealed record BudgetThresholds(decimal Info = 50, decimal Warning = 75, decimal Critical = 90, decimal Exceeded = 100)
{
    public static BudgetThresholds Default { get; } = new();

    public AlertLevel LevelFor(decimal percent) =>
        percent >= Exceeded ? AlertLevel.Exceeded
        : percent >= Critical ? AlertLevel.Critical
        : percent >= Warning ? AlertLevel.Warning
        : percent >= Info ? AlertLevel.Info
        : AlertLevel.Ok;
}

/// <summary>A spending limit over a period: an amount in USD and/or a token or request quota.</summary>
public sealed record Budget
{
    public string Name { get; init; } = "default";
    public BudgetPeriod Period { get; init; } = BudgetPeriod.Monthly;
    public decimal? Amount { get; init; }
    public long? TokenLimit { get; init; }
    public long? RequestLimit { get; init; }
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;
    public DayOfWeek WeekStart { get; init; } = DayOfWeek.Monday;
    public BudgetThresholds Thresholds { get; init; } = BudgetThresholds.Default;

    /// <summary>Records before this moment do not count; a Total budget's window opens here.</summary>
    public DateTimeOffset? Start { get; init; }

    public void Validate()
    {
        if (Amount is null && TokenLimit is null && RequestLimit is null)
            throw new ArgumentException($"Budget '{Name}' has no limit: give an amount, a token limit or a request limit.");
        if (Amount is < 0) throw new ArgumentException($"Budget '{Name}' has a negative amount ({Amount}).");
        if (TokenLimit is < 0) throw new ArgumentException($"Budget '{Name}' has a negative token limit ({TokenLimit}).");
        if (RequestLimit is < 0) throw new ArgumentException($"Budget '{Name}' has a negative request limit ({RequestLimit}).");
    }
}
