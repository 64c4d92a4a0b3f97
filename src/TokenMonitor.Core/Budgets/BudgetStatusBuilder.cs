using System.Globalization;
using TokenMonitor.Time;

namespace TokenMonitor.Budgets;

/// <summary>Turns a window's totals into a status: percent, level, burn rate, and a forecast to period end with its band.</summary>
internal static class BudgetStatusBuilder
{
    public static BudgetStatus Build(Budget budget, WindowTotals totals, DateTimeOffset asOf, bool isCurrent)
    {
        var window = totals.Window;
        var forecast = BudgetForecast.Of(totals, budget, asOf);
        var limit = totals.Limit;

        // The level comes from the exact ratio; only the displayed percent is rounded ($0.99996 of $1 is not Exceeded).
        var exactPercent = limit is > 0 ? totals.Spent / limit.Value * 100m : (decimal?)null;
        var level = Max(
            exactPercent is { } p ? budget.Thresholds.LevelFor(p) : limit == 0m && totals.Spent > 0m ? AlertLevel.Exceeded : AlertLevel.Ok,
            Quota(totals.Tokens, budget.TokenLimit, budget.Thresholds),
            Quota(totals.Requests, budget.RequestLimit, budget.Thresholds));

        var forecastToExceed = forecast.HasForecast && (
            forecast.Spend is { } fs && limit is { } amount && fs > amount
            || forecast.Tokens is { } ft && budget.TokenLimit is { } tl && ft > tl
            || forecast.Requests is { } fr && budget.RequestLimit is { } rl && fr > rl);

        var status = new BudgetStatus
        {
            Budget = budget.Name,
            Scope = budget.Scope.ToString(),
            Period = budget.Period,
            Window = budget.Window,
            PeriodStart = totals.Origin,
            PeriodEnd = window.End,
            AsOf = asOf,
            IsCurrent = isCurrent,
            Spent = totals.Spent,
            Limit = limit,
            RolledOver = budget.Rollover ? totals.Carried : null,
            Percent = exactPercent is { } e ? Math.Round(e, 2) : null,
            Remaining = limit - totals.Spent,
            Level = level,
            ExceededAt = level == AlertLevel.Exceeded ? totals.ExceededAt : null,
            Tokens = totals.Tokens,
            TokenLimit = budget.TokenLimit,
            Requests = totals.Requests,
            RequestLimit = budget.RequestLimit,
            UnpricedRequests = totals.Unpriced,
            BurnRatePerHour = forecast.BurnRatePerHour,
            HasForecast = forecast.HasForecast,
            ForecastSpend = forecast.Spend,
            ForecastLow = forecast.Low,
            ForecastHigh = forecast.High,
            ForecastTokens = forecast.Tokens,
            ForecastRequests = forecast.Requests,
            ForecastToExceed = forecastToExceed,
            ProjectedLimitAt = forecast.LimitAt,
        };
        status.Message = Describe(status);
        return status;
    }

    private static AlertLevel Quota(long used, long? limit, BudgetThresholds thresholds) =>
        limit is > 0 ? thresholds.LevelFor(used * 100m / limit.Value) : limit == 0 && used > 0 ? AlertLevel.Exceeded : AlertLevel.Ok;

    private static AlertLevel Max(params AlertLevel[] levels) => levels.Max();

    internal static string Stamp(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    internal static string WindowText(BudgetStatus s)
    {
        var inv = CultureInfo.InvariantCulture;
        var period = s.Period switch
        {
            BudgetPeriod.Total => $"since {s.PeriodStart.ToString("yyyy-MM-dd", inv)}",
            BudgetPeriod.Rolling => $"rolling {(s.Window is { } w ? Durations.Format(w) + " " : "")}window starting {Stamp(s.PeriodStart)}",
            _ => $"{s.Period.ToString().ToLowerInvariant()} period starting {Stamp(s.PeriodStart)}",
        };
        return s.Scope == "global" ? period : $"{period}, scope {s.Scope}";
    }

    private static string Describe(BudgetStatus s)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = $"Budget '{s.Budget}' ({WindowText(s)}): ";
        text += s.Limit is { } limit
            ? $"{Money.Format(s.Spent)} of {Money.Format(limit)} spent ({s.Percent?.ToString("0.#", inv) ?? "n/a"}%)"
            : $"{Money.Format(s.Spent)} spent";
        if (s.RolledOver is > 0m) text += $", {Money.Format(s.RolledOver)} of the limit rolled over";
        if (s.TokenLimit is { } tokens) text += $", {s.Tokens.ToString("N0", inv)} of {tokens.ToString("N0", inv)} tokens";
        if (s.RequestLimit is { } requests) text += $", {s.Requests.ToString("N0", inv)} of {requests.ToString("N0", inv)} requests";
        text += $". Level {s.Level}";
        text += s.ExceededAt is { } over ? $" since {Stamp(over)}." : ".";
        if (s.UnpricedRequests > 0) text += $" {s.UnpricedRequests} requests have no price and are not in the total.";
        if (s.PeriodEnd is null)
        {
            return s.ProjectedLimitAt is { } reach ? text + $" At this rate the limit is reached around {Stamp(reach)}." : text;
        }

        if (s.AsOf >= s.PeriodEnd) return text + " Period closed.";
        if (s.AsOf < s.PeriodStart) return text + $" Not started: the budget starts {Stamp(s.PeriodStart)}.";
        if (!s.HasForecast) return text + " Too little data in this period to forecast.";
        text += s.Limit is null && s.ForecastTokens is { } ft && s.TokenLimit is not null
            ? $" Forecast {ft.ToString("N0", inv)} tokens by period end"
            : $" Forecast {Money.Format(s.ForecastSpend)} ({Money.Format(s.ForecastLow)}–{Money.Format(s.ForecastHigh)}) by period end";
        text += s.ForecastToExceed ? ", over the limit" : "";
        text += s.ProjectedLimitAt is { } at ? $"; limit reached around {Stamp(at)}." : ".";
        return text;
    }
}
