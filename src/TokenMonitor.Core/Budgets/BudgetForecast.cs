namespace TokenMonitor.Budgets;

/// <summary>
/// Where a window is heading. The point forecast extends the window's average rate to its end. The band is an 80 %
/// prediction interval for the remaining r units given n complete units seen so far with spread s:
/// ±1.2816·s·√(r + r²/n), the spread of a sum of r more units plus the uncertainty of the mean itself.
/// </summary>
internal readonly record struct BudgetForecast(
    bool HasForecast,
    decimal? BurnRatePerHour,
    decimal? Spend,
    decimal? Low,
    decimal? High,
    long? Tokens,
    long? Requests,
    DateTimeOffset? LimitAt)
{
    /// <summary>z for a two-sided 80 % interval, the width cloud budget forecasts show.</summary>
    private const double Z80 = 1.2815515655446004;

    /// <summary>Fewer complete units than this, or fewer requests, and a forecast would be a guess.</summary>
    public const int MinimumUnits = 2;

    public static BudgetForecast Of(WindowTotals w, Budget budget, DateTimeOffset asOf)
    {
        var end = w.Window.End;
        var closed = end is { } e && asOf >= e;
        var observedUntil = end is { } windowEnd && windowEnd < asOf ? windowEnd : asOf;
        var elapsed = observedUntil - w.Origin;
        decimal? burn = elapsed > TimeSpan.Zero ? w.Spent / (decimal)elapsed.TotalHours : null;
        if (closed) return new BudgetForecast(true, Round(burn), w.Spent, w.Spent, w.Spent, w.Tokens, w.Requests, null);

        var unitsSeen = elapsed.Ticks / (double)w.Unit.Ticks;
        var complete = (int)Math.Floor(unitsSeen);
        var enough = complete >= MinimumUnits && w.Requests >= 2;
        if (!enough) return new BudgetForecast(false, Round(burn), null, null, null, null, null, null);

        var limitAt = ReachesLimitAt(w, budget, asOf, elapsed);
        if (end is not { } until) return new BudgetForecast(true, Round(burn), null, null, null, null, null, limitAt);

        var remaining = (until - asOf).Ticks / (double)w.Unit.Ticks;
        var perUnit = w.Spent / (decimal)unitsSeen;
        var spend = w.Spent + perUnit * (decimal)remaining;

        var units = w.UnitSpent[..Math.Min(complete, w.UnitSpent.Length)];
        var mean = 0.0;
        foreach (var u in units) mean += (double)u;
        mean /= units.Length;
        var variance = 0.0;
        foreach (var u in units) variance += ((double)u - mean) * ((double)u - mean);
        var sd = units.Length > 1 ? Math.Sqrt(variance / (units.Length - 1)) : 0.0;
        var half = (decimal)(Z80 * sd * Math.Sqrt(remaining + remaining * remaining / units.Length));

        var scale = remaining / unitsSeen;
        return new BudgetForecast(true, Round(burn), Round(spend), Round(Math.Max(w.Spent, spend - half)), Round(spend + half),
            w.Tokens + (long)Math.Round(w.Tokens * scale), w.Requests + (long)Math.Round(w.Requests * scale), limitAt);
    }

    /// <summary>The earliest moment the amount or a quota reaches its limit at the window's average rate, if before the window ends.</summary>
    private static DateTimeOffset? ReachesLimitAt(WindowTotals w, Budget budget, DateTimeOffset asOf, TimeSpan elapsed)
    {
        DateTimeOffset? earliest = null;
        Consider((double)w.Spent, w.Limit is { } l ? (double)l : null);
        Consider(w.Tokens, budget.TokenLimit);
        Consider(w.Requests, budget.RequestLimit);
        return earliest;

        void Consider(double used, double? limit)
        {
            if (limit is not { } cap || used <= 0 || used >= cap) return;
            var hours = (cap - used) / (used / elapsed.TotalHours);
            if (hours > TimeSpan.MaxValue.TotalHours / 2) return;
            var at = asOf + TimeSpan.FromHours(hours);
            if (w.Window.End is { } end && at >= end) return;
            if (earliest is null || at < earliest) earliest = at;
        }
    }

    private static decimal? Round(decimal? value) => value is { } v ? Math.Round(v, 6) : null;
}
