using System.Globalization;
using System.Security.Cryptography;
using System.Text;

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
    public string? Scope { get; init; }
    public DateTimeOffset? PeriodStart { get; init; }
    public DateTimeOffset? PeriodEnd { get; init; }
    public decimal? Spent { get; init; }
    public decimal? Limit { get; init; }
    public decimal? Percent { get; init; }
    public decimal? Remaining { get; init; }
    public decimal? Forecast { get; init; }
    public bool ForecastToExceed { get; init; }

    /// <summary>
    /// Which event this is, for once-only delivery: a budget's period window ("Monthly:2026-11-01T00:00:00Z"), or for a
    /// message given by property a hash of its text, so the same finding read again is the same event.
    /// </summary>
    public required string EventPeriod { get; init; }

    public string Text => Action is null ? Summary : $"{Summary} {Action}";

    /// <summary>A one-line title for channels that show one (Slack header, Teams card, email subject).</summary>
    public string Title => $"[{Level.ToString().ToUpperInvariant()}] TokenMonitor budget '{Budget}'" +
        (Period is null ? "" : $" ({Period.ToLowerInvariant()})");

    /// <summary>From a budget status: its message plus a recommended action for the level it reached.</summary>
    public static AlertMessage From(BudgetStatus s) => new()
    {
        Budget = s.Budget,
        Level = s.Level,
        Summary = s.Message,
        Action = RecommendedAction(s),
        Period = s.Period.ToString(),
        Scope = s.Scope,
        PeriodStart = s.PeriodStart,
        PeriodEnd = s.PeriodEnd,
        Spent = s.Spent,
        Limit = s.Limit,
        Percent = s.Percent,
        Remaining = s.Remaining,
        Forecast = s.ForecastSpend,
        ForecastToExceed = s.ForecastToExceed,
        EventPeriod = $"{s.Period}:{s.PeriodStart.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}" +
            (s.Scope == "global" ? "" : $":{s.Scope}"),
    };

    /// <summary>From anything with a level and a message (analytics findings, custom objects).</summary>
    /// <param name="periodStart">
    /// When the finding's period began (a usage block's or an anomaly's Start). With it the event is that period, so a
    /// live window whose figures grow between runs still alerts once per level; without it the event is the text.
    /// </param>
    public static AlertMessage From(string? budget, AlertLevel level, string message, DateTimeOffset? periodStart = null) => new()
    {
        Budget = string.IsNullOrEmpty(budget) ? "(none)" : budget,
        Level = level,
        Summary = message,
        PeriodStart = periodStart,
        EventPeriod = periodStart is { } start
            ? "start:" + start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : "text:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(message)))[..16].ToLowerInvariant(),
    };

    private static string? RecommendedAction(BudgetStatus s) => s.Level switch
    {
        // A closed period cannot be slowed down any more: the useful step is to learn from it.
        AlertLevel.Exceeded when s.PeriodEnd is { } end && s.AsOf >= end =>
            "Action: review what drove the overspend (Measure-TokenCost -GroupBy Day, Model) and adjust the next period's limit or usage.",
        AlertLevel.Exceeded => "Action: stop or throttle non-essential jobs, or raise the limit deliberately.",
        AlertLevel.Critical => "Action: review the largest sessions and models now; switch heavy work to a cheaper model or the Batch API.",
        AlertLevel.Warning when s.ForecastToExceed => "Action: at this rate the limit will be passed before the period ends; slow down or move work to a cheaper model.",
        AlertLevel.Warning => "Action: keep an eye on the burn rate.",
        _ when s.ForecastToExceed => "Action: the forecast passes the limit; check what is driving the burn rate.",
        _ => null,
    };
}
