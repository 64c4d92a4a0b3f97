using TokenMonitor.Budgets;
using static TokenMonitor.Tests.Budgets.Usage;

namespace TokenMonitor.Tests.Budgets;

public class RolloverTests
{
    private static readonly Budget Monthly = new()
    {
        Amount = 100m,
        Period = BudgetPeriod.Monthly,
        Rollover = true,
        Start = At("2026-09-01T00:00:00Z"),
    };

    [Fact]
    public void Unspent_amounts_carry_forward_through_empty_periods()
    {
        // September spends 60 (40 carried), October nothing (140 carried), November's limit is 240.
        var all = Evaluate(Monthly, "2026-11-15T00:00:00Z", true, Spend("2026-09-10T00:00:00Z", 60m), Spend("2026-11-02T00:00:00Z", 30m));
        Assert.Equal([100m, 240m], all.Select(s => s.Limit));
        Assert.Equal([0m, 140m], all.Select(s => s.RolledOver));
        Assert.Equal(210m, all[1].Remaining);
        Assert.Contains("$140.00 of the limit rolled over", all[1].Message);
    }

    [Fact]
    public void An_overspent_period_carries_nothing_and_takes_nothing_away()
    {
        var all = Evaluate(Monthly, "2026-10-15T00:00:00Z", true, Spend("2026-09-10T00:00:00Z", 130m), Spend("2026-10-02T00:00:00Z", 30m));
        Assert.Equal([100m, 100m], all.Select(s => s.Limit));
        Assert.Equal(AlertLevel.Exceeded, all[0].Level);
    }

    [Fact]
    public void Without_a_start_rollover_counts_from_the_first_period_with_usage()
    {
        var budget = Monthly with { Start = null };
        var status = Evaluate(budget, "2026-12-15T00:00:00Z", false, Spend("2026-10-10T00:00:00Z", 10m)).Single();
        Assert.Equal(290m, status.Limit); // October leaves 90, November 100, December's own 100
    }

    [Fact]
    public void A_rolling_budget_with_a_start_rolls_over_window_by_window()
    {
        var budget = new Budget { Amount = 5m, Period = BudgetPeriod.Rolling, Window = TimeSpan.FromHours(5), Rollover = true, Start = At("2026-11-17T00:00:00Z") };
        var status = Evaluate(budget, "2026-11-17T11:00:00Z", false, Spend("2026-11-17T01:00:00Z", 2m)).Single();
        Assert.Equal(13m, status.Limit); // 3 left from 00:00-05:00, 5 from 05:00-10:00, 5 for 10:00-15:00
    }

    [Theory]
    [InlineData(BudgetPeriod.Total, false)]
    [InlineData(BudgetPeriod.Rolling, false)]
    public void Rollover_needs_periods_that_follow_each_other(BudgetPeriod period, bool withStart)
    {
        var budget = new Budget { Amount = 5m, Period = period, Rollover = true, Window = period == BudgetPeriod.Rolling ? TimeSpan.FromHours(5) : null, Start = withStart ? At("2026-01-01T00:00:00Z") : null };
        var ex = Assert.Throws<ArgumentException>(() => budget.Validate());
        Assert.Equal("Rollover", ex.ParamName);
    }
}
