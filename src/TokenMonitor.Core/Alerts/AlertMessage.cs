namespace TokenMonitor.Alerts;

/// <summary>What an alert says, independent of the channel that carries it.</summary>
public sealed record AlertMessage
{
    public required string Budget { get; init; }
    public required AlertLevel Level { get; init; }
    public required string Summary { get; init; }

    /// <summary>What the reader should do about it.</summary>
    public string? Action { get; init; }

    public string? Period { get; init; }
    public decimal? Spent { get; init; }
    public decimal? Limit { get; init; }
    public decimal? Forecast { get; init; }

    public string Text => Action is null ? Summary : $"{Summary} {Action}";

    /// <summary>From a budget status: its message plus a recommended action for the level it reached.</summary>
    public static AlertMessage From(BudgetStatus s) => new()
    {
        Budget = s.Budget,
        Level = s.Level,
        Summary = s.Message,
        Action = RecommendedAction(s),
        Period = s.Period.ToString(),
        Spent = s.Spent,
        Limit = s.Limit,
        Forecast = s.ForecastSpend,
    };

    /// <summary>From anything with a level and a message (analytics findings, custom objects).</summary>
    public static AlertMessage From(string? budget, AlertLevel level, string message) => new()
    {
        Budget = string.IsNullOrEmpty(budget) ? "(none)" : budget,
        Level = level,
        Summary = message,
    };

    private static string? RecommendedAction(BudgetStatus s) => s.Level switch
    {
        AlertLevel.Exceeded => "Action: stop or throttle non-essential jobs, or raise the limit deliberately.",
        AlertLevel.Critical => "Action: review the largest sessions and models now; switch heavy work to a cheaper model or the Batch API.",
        AlertLevel.Warning when s.ForecastToExceed => "Action: at this rate the limit will be passed before the period ends; slow down or move work to a cheaper model.",
        AlertLevel.Warning => "Action: keep an eye on the burn rate.",
        _ when s.ForecastToExceed => "Action: the forecast passes the limit; check what is driving the burn rate.",
        _ => null,
    };
}
