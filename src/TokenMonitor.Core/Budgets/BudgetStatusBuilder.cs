using System.Globalization;

namespace TokenMonitor.Budgets;

/// <summary>Turns a window's totals into a status: percent, level, burn rate and a linear forecast to period end.</summary>
internal static class BudgetStatusBuilder
{
    /// <summary>Below this much elapsed time, or fewer than two requests, a forecast would be a guess.</summary>
    private static readonly TimeSpan MinimumHistory = TimeSpan.FromHours(1);

    public static BudgetStatus Build(Budget budget, WindowTotals totals, DateTimeOffset asOf, bool isCurrent)
    {
        var window = totals.Window;
        var closed = window.End is { } end && asOf >= end;
        var observedUntil = window.End is { } windowEnd && windowEnd < asOf ? windowEnd : asOf;
        var elapsed = observedUntil - window.Start;

        decimal? burn = elapsed > TimeSpan.Zero ? totals.Spent / (decimal)elapsed.TotalHours : null;
        var enoughHistory = elapsed >= MinimumHistory && totals.Requests >= 2;
        decimal? forecast = closed ? totals.Spent
            : window.End is { } until && enoughHistory && burn is { } rate ? totals.Spent + rate * (decimal)(until - asOf).TotalHours
            : null;

        // The level comes from the exact ratio; only the displayed percent is rounded ($0.99996 of $1 is not Exceeded).
        var exactPercent = budget.Amount is > 0 ? totals.Spent / budget.Amount.Value * 100m : (decimal?)null;
        var percent = exactPercent is { } e ? Math.Round(e, 2) : (decimal?)null;
        var level = Max(
            exactPercent is { } p ? budget.Thresholds.LevelFor(p) : AlertLevel.Ok,
            Quota(totals.Tokens, budget.TokenLimit, budget.Thresholds),
            Quota(totals.Requests, budget.RequestLimit, budget.Thresholds));
        if (budget.Amount == 0m && totals.Spent > 0m) level = AlertLevel.Exceeded;

        DateTimeOffset? projected = null;
        if (!closed && budget.Amount is { } limit && burn is > 0m && totals.Spent < limit && enoughHistory)
        {
            var at = asOf + TimeSpan.FromHours((double)((limit - totals.Spent) / burn.Value));
            if (window.End is null || at < window.End) projected = at;
        }

        var status = new BudgetStatus
        {
            Budget = budget.Name,
            Period = budget.Period,
            PeriodStart = window.Start,
            PeriodEnd = window.End,
            AsOf = asOf,
            IsCurrent = isCurrent,
            Spent = totals.Spent,
            Limit = budget.Amount,
            Percent = percent,
            Remaining = budget.Amount - totals.Spent,
            Level = level,
            Tokens = totals.Tokens,
            TokenLimit = budget.TokenLimit,
            Requests = totals.Requests,
            RequestLimit = budget.RequestLimit,
            UnpricedRequests = totals.Unpriced,
            BurnRatePerHour = burn is { } b ? Math.Round(b, 6) : null,
            ForecastSpend = forecast is { } f ? Math.Round(f, 6) : null,
            ForecastToExceed = forecast is { } fs && budget.Amount is { } amount && fs > amount,
            ProjectedLimitAt = projected,
        };
        status.Message = Describe(status, enoughHistory || closed);
        return status;
    }

    private static AlertLevel Quota(long used, long? limit, BudgetThresholds thresholds) =>
        limit is > 0 ? thresholds.LevelFor(used * 100m / limit.Value) : limit == 0 && used > 0 ? AlertLevel.Exceeded : AlertLevel.Ok;

    private static AlertLevel Max(params AlertLevel[] levels) => levels.Max();

    private static string Describe(BudgetStatus s, bool canForecast)
    {
        var inv = CultureInfo.InvariantCulture;
        var period = s.Period == BudgetPeriod.Total
            ? $"since {s.PeriodStart.ToString("yyyy-MM-dd", inv)}"
            : $"{s.Period.ToString().ToLowerInvariant()} period starting {s.PeriodStart.ToString("yyyy-MM-dd HH:mm 'UTC'", inv)}";
        var text = $"Budget '{s.Budget}' ({period}): ";
        text += s.Limit is { } limit
            ? $"{Money.Format(s.Spent)} of {Money.Format(limit)} spent ({s.Percent?.ToString("0.#", inv) ?? "n/a"}%)"
            : $"{Money.Format(s.Spent)} spent";
        if (s.TokenLimit is { } tokens) text += $", {s.Tokens.ToString("N0", inv)} of {tokens.ToString("N0", inv)} tokens";
        if (s.RequestLimit is { } requests) text += $", {s.Requests.ToString("N0", inv)} of {requests.ToString("N0", inv)} requests";
        text += $". Level {s.Level}.";
        if (s.UnpricedRequests > 0) text += $" {s.UnpricedRequests} requests have no price and are not in the total.";
        if (s.PeriodEnd is null) return text;
        if (s.AsOf >= s.PeriodEnd) return text + " Period closed.";
        if (!canForecast) return text + " Too little data in this period to forecast.";
        text += $" Forecast {Money.Format(s.ForecastSpend)} by period end";
        text += s.ForecastToExceed ? $", over the limit" : "";
        text += s.ProjectedLimitAt is { } at ? $"; limit reached around {at.ToString("yyyy-MM-dd HH:mm 'UTC'", inv)}." : ".";
        return text;
    }
}
