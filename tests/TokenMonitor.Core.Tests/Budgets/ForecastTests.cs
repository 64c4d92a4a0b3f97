using TokenMonitor.Budgets;
using static TokenMonitor.Tests.Budgets.Usage;

namespace TokenMonitor.Tests.Budgets;

public class ForecastTests
{
    [Fact]
    public void Forecast_and_its_80_percent_band_match_the_hand_computed_values()
    {
        // Hours 0-3 of a day spend 1, 2, 3, 2: mean 2/h, s = sqrt(2/3); 20 hours remain.
        // F = 8 + 2·20 = 48; half-width = 1.28155·0.81650·sqrt(20 + 20²/4) = 11.462546.
        var status = Evaluate(new Budget { Amount = 100m, Period = BudgetPeriod.Daily }, "2026-11-17T04:00:00Z", false,
            Spend("2026-11-17T00:30:00Z", 1m), Spend("2026-11-17T01:30:00Z", 2m),
            Spend("2026-11-17T02:30:00Z", 3m), Spend("2026-11-17T03:30:00Z", 2m)).Single();
        Assert.True(status.HasForecast);
        Assert.Equal(2m, status.BurnRatePerHour);
        Assert.Equal(48m, status.ForecastSpend);
        Assert.Equal(36.537454m, status.ForecastLow);
        Assert.Equal(59.462546m, status.ForecastHigh);
        Assert.Equal(2_400, status.ForecastTokens);
        Assert.Equal(24, status.ForecastRequests);
        Assert.False(status.ForecastToExceed);
        Assert.Null(status.ProjectedLimitAt);
    }

    [Fact]
    public void The_low_bound_never_falls_below_what_is_already_spent()
    {
        var status = Evaluate(new Budget { Amount = 100m, Period = BudgetPeriod.Daily }, "2026-11-17T03:00:00Z", false,
            Spend("2026-11-17T00:30:00Z", 9m), Spend("2026-11-17T02:30:00Z", 0.01m)).Single();
        Assert.True(status.ForecastLow >= status.Spent);
        Assert.True(status.ForecastHigh > status.ForecastSpend);
    }

    [Fact]
    public void Too_little_history_is_said_not_guessed()
    {
        var status = Evaluate(new Budget { Amount = 10m, Period = BudgetPeriod.Daily }, "2026-11-17T01:30:00Z", false,
            Spend("2026-11-17T00:10:00Z", 1m), Spend("2026-11-17T01:10:00Z", 1m)).Single();
        Assert.False(status.HasForecast);
        Assert.Null(status.ForecastSpend);
        Assert.Null(status.ForecastLow);
        Assert.False(status.ForecastToExceed);
        Assert.Contains("Too little data", status.Message);
    }

    [Fact]
    public void A_single_request_is_too_little_however_long_ago()
    {
        var status = Evaluate(new Budget { Amount = 10m, Period = BudgetPeriod.Monthly }, "2026-11-20T00:00:00Z", false,
            Spend("2026-11-02T00:10:00Z", 9m)).Single();
        Assert.False(status.HasForecast);
    }

    [Fact]
    public void A_closed_window_forecasts_what_it_spent()
    {
        var status = Evaluate(new Budget { Amount = 1m, Period = BudgetPeriod.Daily }, "2026-11-18T12:00:00Z", true,
            Spend("2026-11-17T10:00:00Z", 3m)).First();
        Assert.Equal(3m, status.ForecastSpend);
        Assert.Equal(3m, status.ForecastLow);
        Assert.Equal(3m, status.ForecastHigh);
        Assert.True(status.ForecastToExceed);
        Assert.Contains("Period closed", status.Message);
    }

    [Fact]
    public void A_total_budget_projects_when_its_limit_is_reached()
    {
        var status = Evaluate(new Budget { Amount = 10m, Period = BudgetPeriod.Total }, "2026-11-17T04:00:00Z", false,
            Spend("2026-11-17T00:00:00Z", 2m), Spend("2026-11-17T04:00:00Z", 2m)).Single();
        Assert.Equal(1m, status.BurnRatePerHour);
        Assert.Null(status.ForecastSpend);
        Assert.Equal(At("2026-11-17T10:00:00Z"), status.ProjectedLimitAt);
        Assert.Contains("limit is reached around 2026-11-17 10:00 UTC", status.Message);
    }

    [Fact]
    public void A_token_quota_forecast_to_run_out_flags_the_window()
    {
        // 400 tokens in 4 hours of a day: 2,400 by midnight against a 2,000 quota, reached at 20:00.
        var status = Evaluate(new Budget { TokenLimit = 2_000, Period = BudgetPeriod.Daily }, "2026-11-17T04:00:00Z", false,
            Spend("2026-11-17T00:30:00Z", 0m, tokens: 200), Spend("2026-11-17T03:30:00Z", 0m, tokens: 200)).Single();
        Assert.True(status.ForecastToExceed);
        Assert.Equal(At("2026-11-17T20:00:00Z"), status.ProjectedLimitAt);
        Assert.Contains("2,400 tokens", status.Message);
    }
}
