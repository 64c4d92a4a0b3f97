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

    /// <summary>Null when the levels are in order and positive; otherwise what is wrong.</summary>
    public string? Problem() =>
        Info <= 0 ? $"the Info threshold must be above 0 (it is {Info})"
        : !(Info <= Warning && Warning <= Critical && Critical <= Exceeded)
            ? $"thresholds must rise from Info to Exceeded (they are {Info}, {Warning}, {Critical}, {Exceeded})"
        : null;

    public override string ToString() => $"{Info}/{Warning}/{Critical}/{Exceeded}";
}
