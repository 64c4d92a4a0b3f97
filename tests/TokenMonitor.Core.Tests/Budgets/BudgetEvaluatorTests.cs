using TokenMonitor.Budgets;
using TokenMonitor.Time;

namespace TokenMonitor.Tests.Budgets;

public class BudgetEvaluatorTests
{
    private static UsageRecord Spend(string at, decimal dollars, long tokens = 100) => new()
    {
        Timestamp = DateTimeOffset.Parse(at),
        Model = "m",
        InputTokens = tokens,
        Cost = new TokenCost { Total = dollars },
    };

    private static List<BudgetStatus> Evaluate(Budget budget, string asOf, bool all, params UsageRecord[] records)
    {
        var evaluator = new BudgetEvaluator(budget, DateTimeOffset.Parse(asOf));
        foreach (var r in records) evaluator.Add(r);
        return evaluator.Evaluate(all).ToList();
    }

    [Theory]
    [InlineData(4.9, AlertLevel.Ok)]
    [InlineData(5.0, AlertLevel.Info)]
    [InlineData(7.5, AlertLevel.Warning)]
    [InlineData(9.0, AlertLevel.Critical)]
    [InlineData(10.0, AlertLevel.Exceeded)]
    [InlineData(12.0, AlertLevel.Exceeded)]
    public void Levels_follow_the_50_75_90_100_thresholds(double spent, AlertLevel level)
    {
        var status = Evaluate(new Budget { Amount = 10m, Period = BudgetPeriod.Daily }, "2026-11-17T23:00:00Z", false,
            Spend("2026-11-17T01:00:00Z", (decimal)spent)).Single();
        Assert.Equal(level, status.Level);
        Assert.Equal((decimal)spent * 10m, status.Percent);
        Assert.Equal(10m - (decimal)spent, status.Remaining);
    }

    [Theory]
    [InlineData(0.99996, AlertLevel.Critical, 100.00)]
    [InlineData(0.74996, AlertLevel.Info, 75.00)]
    public void Levels_use_the_exact_ratio_not_the_rounded_percent(double spent, AlertLevel level, double shown)
    {
        var status = Evaluate(new Budget { Amount = 1m, Period = BudgetPeriod.Daily }, "2026-11-17T23:00:00Z", false,
            Spend("2026-11-17T01:00:00Z", (decimal)spent)).Single();
        Assert.Equal(level, status.Level);
        Assert.Equal((decimal)shown, status.Percent);
    }

    [Fact]
    public void Only_the_current_window_unless_all_periods()
    {
        var records = new[] { Spend("2026-11-16T10:00:00Z", 1m), Spend("2026-11-17T10:00:00Z", 2m), Spend("2026-11-17T11:00:00Z", 3m) };
        var current = Evaluate(new Budget { Amount = 10m, Period = BudgetPeriod.Daily }, "2026-11-17T12:00:00Z", false, records);
        var status = Assert.Single(current);
        Assert.Equal(5m, status.Spent);
        Assert.True(status.IsCurrent);
        Assert.Equal(DateTimeOffset.Parse("2026-11-17T00:00:00Z"), status.PeriodStart);
        Assert.Equal(DateTimeOffset.Parse("2026-11-18T00:00:00Z"), status.PeriodEnd);

        var all = Evaluate(new Budget { Amount = 10m, Period = BudgetPeriod.Daily }, "2026-11-17T12:00:00Z", true, records);
        Assert.Equal([1m, 5m], all.Select(s => s.Spent));
        Assert.False(all[0].IsCurrent);
        Assert.Contains("Period closed", all[0].Message);
    }

    [Fact]
    public void An_empty_current_window_is_reported_at_zero()
    {
        var status = Evaluate(new Budget { Amount = 10m, Period = BudgetPeriod.Monthly }, "2026-12-02T00:00:00Z", false,
            Spend("2026-11-17T10:00:00Z", 8m)).Single();
        Assert.Equal(0m, status.Spent);
        Assert.Equal(AlertLevel.Ok, status.Level);
        Assert.Contains("Too little data", status.Message);
        Assert.Null(status.ForecastSpend);
    }

    [Fact]
    public void Linear_forecast_burn_rate_and_projected_limit()
    {
        // $3 in the first 6 hours of a day: $0.50/h, $12 forecast, $10 reached 14 h after 06:00 → 20:00.
        var status = Evaluate(new Budget { Amount = 10m, Period = BudgetPeriod.Daily }, "2026-11-17T06:00:00Z", false,
            Spend("2026-11-17T01:00:00Z", 1m), Spend("2026-11-17T05:00:00Z", 2m)).Single();
        Assert.Equal(0.5m, status.BurnRatePerHour);
        Assert.Equal(12m, status.ForecastSpend);
        Assert.True(status.ForecastToExceed);
        Assert.Equal(DateTimeOffset.Parse("2026-11-17T20:00:00Z"), status.ProjectedLimitAt);
        Assert.Equal(AlertLevel.Ok, status.Level);
        Assert.Contains("over the limit", status.Message);
    }

    [Fact]
    public void Records_in_any_order_land_in_their_windows()
    {
        var records = new[] { Spend("2026-11-20T10:00:00Z", 4m), Spend("2026-11-03T10:00:00Z", 1m), Spend("2026-10-31T23:59:59Z", 7m) };
        var all = Evaluate(new Budget { Amount = 10m, Period = BudgetPeriod.Monthly }, "2026-11-25T00:00:00Z", true, records);
        Assert.Equal([7m, 5m], all.Select(s => s.Spent));
    }

    [Fact]
    public void Windows_align_in_the_budget_time_zone_across_dst()
    {
        var berlin = TimeZones.Find("Europe/Berlin");
        // 2026-03-29 is the spring-forward day in Berlin: 23 hours long.
        var status = Evaluate(new Budget { Amount = 10m, Period = BudgetPeriod.Daily, TimeZone = berlin }, "2026-03-29T12:00:00Z", false,
            Spend("2026-03-28T23:30:00Z", 1m)).Single();
        Assert.Equal(DateTimeOffset.Parse("2026-03-28T23:00:00Z"), status.PeriodStart);
        Assert.Equal(DateTimeOffset.Parse("2026-03-29T22:00:00Z"), status.PeriodEnd);
        Assert.Equal(1m, status.Spent);
    }

    [Fact]
    public void Records_after_the_as_of_moment_do_not_count()
    {
        var status = Evaluate(new Budget { Amount = 10m, Period = BudgetPeriod.Daily }, "2026-11-17T12:00:00Z", true,
            Spend("2026-11-17T11:00:00Z", 1m), Spend("2026-11-17T13:00:00Z", 2m), Spend("2026-11-18T01:00:00Z", 4m)).Single();
        Assert.Equal(1m, status.Spent);
    }

    [Fact]
    public void A_token_only_budget_needs_no_amount()
    {
        var status = Evaluate(new Budget { TokenLimit = 200, Period = BudgetPeriod.Daily }, "2026-11-17T12:00:00Z", false,
            Spend("2026-11-17T11:00:00Z", 1m, tokens: 160)).Single();
        Assert.Equal(AlertLevel.Warning, status.Level);
        Assert.Null(status.Percent);
        Assert.Null(status.Limit);
    }

    [Fact]
    public void Weekly_windows_start_on_monday_by_default()
    {
        var status = Evaluate(new Budget { Amount = 10m, Period = BudgetPeriod.Weekly }, "2026-11-19T00:00:00Z", false).Single();
        Assert.Equal(DateTimeOffset.Parse("2026-11-16T00:00:00Z"), status.PeriodStart);
        Assert.Equal(DateTimeOffset.Parse("2026-11-23T00:00:00Z"), status.PeriodEnd);
    }

    [Fact]
    public void Total_budget_runs_from_the_first_record_and_never_closes()
    {
        var status = Evaluate(new Budget { Amount = 10m, Period = BudgetPeriod.Total }, "2026-11-20T00:00:00Z", true,
            Spend("2026-11-17T00:00:00Z", 4m), Spend("2026-11-01T00:00:00Z", 7m)).Single();
        Assert.Equal(11m, status.Spent);
        Assert.Equal(DateTimeOffset.Parse("2026-11-01T00:00:00Z"), status.PeriodStart);
        Assert.Null(status.PeriodEnd);
        Assert.Equal(AlertLevel.Exceeded, status.Level);
    }

    [Fact]
    public void Token_and_request_quotas_raise_the_level_too()
    {
        var status = Evaluate(new Budget { Amount = 100m, TokenLimit = 1_000, RequestLimit = 10, Period = BudgetPeriod.Daily },
            "2026-11-17T12:00:00Z", false, Spend("2026-11-17T01:00:00Z", 1m, tokens: 950)).Single();
        Assert.Equal(AlertLevel.Critical, status.Level);
        Assert.Equal(950, status.Tokens);
        Assert.Equal(1, status.Requests);
    }

    [Fact]
    public void Unpriced_requests_are_counted_and_said()
    {
        var unpriced = new UsageRecord { Timestamp = DateTimeOffset.Parse("2026-11-17T01:00:00Z"), Model = "x", Cost = new TokenCost { IsUnknownModel = true } };
        var status = Evaluate(new Budget { Amount = 10m, Period = BudgetPeriod.Daily }, "2026-11-17T12:00:00Z", false, unpriced).Single();
        Assert.Equal(1, status.UnpricedRequests);
        Assert.Contains("no price", status.Message);
    }

    [Fact]
    public void A_budget_without_a_limit_or_with_a_negative_one_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new BudgetEvaluator(new Budget { Name = "empty" }, DateTimeOffset.UtcNow));
        var ex = Assert.Throws<ArgumentException>(() => new BudgetEvaluator(new Budget { Name = "neg", Amount = -1m }, DateTimeOffset.UtcNow));
        Assert.Contains("neg", ex.Message);
    }
}
