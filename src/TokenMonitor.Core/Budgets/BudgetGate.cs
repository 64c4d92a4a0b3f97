using System.Globalization;

namespace TokenMonitor.Budgets;

/// <summary>
/// What a CI step or a Pester test decides from statuses: only current windows count (history is for reading), and
/// a failure names the budget, how far over it is and since when, so the job log says why it failed.
/// </summary>
public static class BudgetGate
{
    public static bool IsBreach(BudgetStatus status, bool includeForecast) =>
        status.IsCurrent && (status.Level == AlertLevel.Exceeded || includeForecast && status.ForecastToExceed);

    public static IReadOnlyList<BudgetStatus> Breaches(IEnumerable<BudgetStatus> statuses, bool includeForecast) =>
        statuses.Where(s => IsBreach(s, includeForecast)).ToList();

    /// <summary>One sentence per breached budget.</summary>
    public static string Explain(IReadOnlyList<BudgetStatus> breaches)
    {
        var lines = breaches.Select(Explain).ToList();
        return lines.Count == 1 ? lines[0] : $"{lines.Count} budgets fail:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", lines);
    }

    public static string Explain(BudgetStatus s)
    {
        var inv = CultureInfo.InvariantCulture;
        var head = $"Budget '{s.Budget}' ({BudgetStatusBuilder.WindowText(s)})";
        if (s.Level == AlertLevel.Exceeded)
        {
            var overs = new List<string>();
            if (s.Limit is { } limit && s.Spent >= limit)
            {
                var over = s.Spent - limit;
                var share = limit > 0 ? $" ({(over / limit * 100m).ToString("0.#", inv)}%)" : "";
                overs.Add($"{Money.Format(s.Spent)} spent of {Money.Format(limit)}, {Money.Format(over)}{share} over");
            }

            if (s.TokenLimit is { } tokens && s.Tokens >= tokens)
                overs.Add($"{s.Tokens.ToString("N0", inv)} tokens of {tokens.ToString("N0", inv)}, {(s.Tokens - tokens).ToString("N0", inv)} over");
            if (s.RequestLimit is { } requests && s.Requests >= requests)
                overs.Add($"{s.Requests.ToString("N0", inv)} requests of {requests.ToString("N0", inv)}, {(s.Requests - requests).ToString("N0", inv)} over");
            if (overs.Count == 0) overs.Add($"{s.Percent?.ToString("0.#", inv)}% of {Money.Format(s.Limit)} spent, past its Exceeded threshold");
            var since = s.ExceededAt is { } at ? $" since {BudgetStatusBuilder.Stamp(at)}" : "";
            return $"{head} is exceeded{since}: {string.Join("; ", overs)}.";
        }

        var text = $"{head} is forecast to exceed its limit by {(s.PeriodEnd is { } end ? BudgetStatusBuilder.Stamp(end) : "its end")}: ";
        text += s.Limit is { } amount && s.ForecastSpend is { } forecast && forecast > amount
            ? $"{Money.Format(forecast)} forecast (80% range {Money.Format(s.ForecastLow)}–{Money.Format(s.ForecastHigh)}) against {Money.Format(amount)}, {Money.Format(s.Spent)} spent so far"
            : string.Join(" and ", QuotaForecasts(s)) + " forecast";
        text += s.ProjectedLimitAt is { } reach ? $"; the limit is projected to be reached around {BudgetStatusBuilder.Stamp(reach)}." : ".";
        return text;
    }

    private static IEnumerable<string> QuotaForecasts(BudgetStatus s)
    {
        var inv = CultureInfo.InvariantCulture;
        if (s.TokenLimit is { } tokens && s.ForecastTokens is { } ft && ft > tokens)
            yield return $"{ft.ToString("N0", inv)} tokens against a quota of {tokens.ToString("N0", inv)}";
        if (s.RequestLimit is { } requests && s.ForecastRequests is { } fr && fr > requests)
            yield return $"{fr.ToString("N0", inv)} requests against a quota of {requests.ToString("N0", inv)}";
    }
}
