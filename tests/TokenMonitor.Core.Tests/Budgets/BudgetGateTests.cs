using TokenMonitor.Budgets;
using static TokenMonitor.Tests.Budgets.Usage;

namespace TokenMonitor.Tests.Budgets;

public class BudgetGateTests
{
    [Fact]
    public void An_exceeded_budget_is_explained_with_how_much_over_and_since_when()
    {
        var statuses = Evaluate(new Budget { Name = "team", Amount = 10m, Period = BudgetPeriod.Monthly }, "2026-11-20T00:00:00Z", false,
            Spend("2026-11-03T09:00:00Z", 6m), Spend("2026-11-17T14:32:10Z", 6.4m));
        var breach = Assert.Single(BudgetGate.Breaches(statuses, includeForecast: false));
        Assert.Equal(
            "Budget 'team' (monthly period starting 2026-11-01 00:00 UTC) is exceeded since 2026-11-17 14:32 UTC: $12.40 spent of $10.00, $2.40 (24%) over.",
            BudgetGate.Explain(breach));
    }

    [Fact]
    public void Only_current_windows_fail_a_gate()
    {
        var statuses = Evaluate(new Budget { Amount = 1m, Period = BudgetPeriod.Daily }, "2026-11-18T12:00:00Z", true,
            Spend("2026-11-17T09:00:00Z", 6m), Spend("2026-11-18T09:00:00Z", 0.5m));
        Assert.Equal(AlertLevel.Exceeded, statuses[0].Level);
        Assert.Empty(BudgetGate.Breaches(statuses, includeForecast: true));
    }

    [Fact]
    public void A_forecast_breach_fails_only_when_forecasts_count()
    {
        var statuses = Evaluate(new Budget { Name = "daily", Amount = 10m, Period = BudgetPeriod.Daily }, "2026-11-17T06:00:00Z", false,
            Spend("2026-11-17T01:00:00Z", 1m), Spend("2026-11-17T05:00:00Z", 2m));
        Assert.Empty(BudgetGate.Breaches(statuses, includeForecast: false));
        var breach = Assert.Single(BudgetGate.Breaches(statuses, includeForecast: true));
        var text = BudgetGate.Explain(breach);
        Assert.StartsWith("Budget 'daily' (daily period starting 2026-11-17 00:00 UTC) is forecast to exceed its limit by 2026-11-18 00:00 UTC: $12.00 forecast", text);
        Assert.Contains("against $10.00, $3.00 spent so far; the limit is projected to be reached around 2026-11-17 20:00 UTC.", text);
    }

    [Fact]
    public void Several_breaches_are_listed_together()
    {
        var statuses = Evaluate(
            [new Budget { Name = "a", Amount = 1m }, new Budget { Name = "b", RequestLimit = 1 }, new Budget { Name = "c", Amount = 100m }],
            "2026-11-17T12:00:00Z", false, Spend("2026-11-17T09:00:00Z", 2m), Spend("2026-11-17T10:00:00Z", 2m));
        var text = BudgetGate.Explain(BudgetGate.Breaches(statuses, false));
        Assert.StartsWith("2 budgets fail:", text);
        Assert.Contains("Budget 'a'", text);
        Assert.Contains("2 requests of 1, 1 over", text);
        Assert.DoesNotContain("Budget 'c'", text);
    }

    [Fact]
    public void A_quota_forecast_names_only_the_quota_it_passes_and_the_window_length()
    {
        var budget = new Budget { Name = "plan", TokenLimit = 1_000, Period = BudgetPeriod.Rolling, Window = TimeSpan.FromHours(5) };
        var statuses = Evaluate(budget, "2026-11-17T11:00:00Z", false, Spend("2026-11-17T09:00:00Z", 0m, tokens: 300), Spend("2026-11-17T10:30:00Z", 0m, tokens: 300));
        var text = BudgetGate.Explain(Assert.Single(BudgetGate.Breaches(statuses, includeForecast: true)));
        Assert.StartsWith("Budget 'plan' (rolling 5h window starting 2026-11-17 09:00 UTC) is forecast to exceed its limit by 2026-11-17 14:00 UTC: 1,500 tokens against a quota of 1,000 forecast", text);
        Assert.DoesNotContain("requests", text);
    }
}
