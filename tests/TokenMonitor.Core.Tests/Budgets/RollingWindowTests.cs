using TokenMonitor.Budgets;
using static TokenMonitor.Tests.Budgets.Usage;

namespace TokenMonitor.Tests.Budgets;

public class RollingWindowTests
{
    private static Budget FiveHours(decimal amount = 10m, DateTimeOffset? start = null) =>
        new() { Amount = amount, Period = BudgetPeriod.Rolling, Window = TimeSpan.FromHours(5), Start = start };

    [Fact]
    public void A_window_opens_at_the_hour_of_the_first_request_and_lasts_five_hours()
    {
        var status = Evaluate(FiveHours(), "2026-11-17T11:00:00Z", false,
            Spend("2026-11-17T09:17:00Z", 1m), Spend("2026-11-17T10:45:00Z", 2m)).Single();
        Assert.Equal(At("2026-11-17T09:00:00Z"), status.PeriodStart);
        Assert.Equal(At("2026-11-17T14:00:00Z"), status.PeriodEnd);
        Assert.Equal(3m, status.Spent);
        Assert.Equal(TimeSpan.FromHours(5), status.Window);
    }

    [Fact]
    public void A_request_at_the_window_end_opens_the_next_window_and_gaps_are_skipped()
    {
        var all = Evaluate(FiveHours(), "2026-11-18T08:00:00Z", true,
            Spend("2026-11-17T09:17:00Z", 1m), Spend("2026-11-17T14:00:00Z", 2m), Spend("2026-11-17T18:59:00Z", 4m),
            Spend("2026-11-18T07:30:00Z", 8m));
        Assert.Equal([At("2026-11-17T09:00:00Z"), At("2026-11-17T14:00:00Z"), At("2026-11-18T07:00:00Z")], all.Select(s => s.PeriodStart));
        Assert.Equal([1m, 6m, 8m], all.Select(s => s.Spent));
        Assert.True(all[2].IsCurrent);
    }

    [Fact]
    public void With_no_open_window_the_current_one_is_empty()
    {
        var status = Evaluate(FiveHours(), "2026-11-17T20:30:00Z", false, Spend("2026-11-17T09:17:00Z", 9m)).Single();
        Assert.Equal(0m, status.Spent);
        Assert.Equal(At("2026-11-17T20:00:00Z"), status.PeriodStart);
        Assert.Equal(AlertLevel.Ok, status.Level);
    }

    [Fact]
    public void With_a_start_windows_follow_each_other_from_it()
    {
        var all = Evaluate(FiveHours(start: At("2026-11-17T08:30:00Z")), "2026-11-17T19:00:00Z", true,
            Spend("2026-11-17T08:00:00Z", 100m), Spend("2026-11-17T09:17:00Z", 1m), Spend("2026-11-17T13:30:00Z", 2m),
            Spend("2026-11-17T18:31:00Z", 4m));
        Assert.Equal([At("2026-11-17T08:30:00Z"), At("2026-11-17T13:30:00Z"), At("2026-11-17T18:30:00Z")], all.Select(s => s.PeriodStart));
        Assert.Equal([1m, 2m, 4m], all.Select(s => s.Spent));
    }

    [Fact]
    public void A_token_quota_on_a_five_hour_window_reports_when_it_ran_out()
    {
        var budget = new Budget { TokenLimit = 1_000, Period = BudgetPeriod.Rolling, Window = TimeSpan.FromHours(5) };
        var status = Evaluate(budget, "2026-11-17T12:00:00Z", false,
            Spend("2026-11-17T09:10:00Z", 0m, tokens: 600), Spend("2026-11-17T10:42:30Z", 0m, tokens: 500)).Single();
        Assert.Equal(AlertLevel.Exceeded, status.Level);
        Assert.Equal(At("2026-11-17T10:42:00Z"), status.ExceededAt);
        Assert.Equal(1_100, status.Tokens);
    }

    [Theory]
    [InlineData(null, "Window")]
    [InlineData("00:00:30", "Window")]
    public void A_rolling_budget_needs_a_window_of_whole_minutes(string? window, string field)
    {
        var budget = new Budget { Amount = 1m, Period = BudgetPeriod.Rolling, Window = window is null ? null : TimeSpan.Parse(window) };
        var ex = Assert.Throws<ArgumentException>(() => budget.Validate());
        Assert.Equal(field, ex.ParamName);
    }

    [Fact]
    public void Windows_shorter_than_an_hour_open_at_the_minute_and_hold_their_first_request()
    {
        var budget = new Budget { Amount = 1m, Period = BudgetPeriod.Rolling, Window = TimeSpan.FromMinutes(30) };
        var all = Evaluate(budget, "2026-11-17T12:00:00Z", true,
            Spend("2026-11-17T10:12:00Z", 1m), Spend("2026-11-17T10:40:00Z", 2m), Spend("2026-11-17T10:45:00Z", 4m));
        Assert.Equal([At("2026-11-17T10:12:00Z"), At("2026-11-17T10:45:00Z"), At("2026-11-17T12:00:00Z")], all.Select(s => s.PeriodStart));
        Assert.Equal([3m, 4m, 0m], all.Select(s => s.Spent));
    }

    [Fact]
    public void A_window_of_odd_length_never_overlaps_the_one_before()
    {
        var budget = new Budget { Amount = 1m, Period = BudgetPeriod.Rolling, Window = TimeSpan.FromMinutes(90) };
        var all = Evaluate(budget, "2026-11-17T10:50:00Z", true, Spend("2026-11-17T09:00:00Z", 1m), Spend("2026-11-17T10:40:00Z", 2m));
        Assert.Equal(At("2026-11-17T10:30:00Z"), all[0].PeriodEnd);
        Assert.Equal(At("2026-11-17T10:40:00Z"), all[1].PeriodStart);
        Assert.Equal([1m, 2m], all.Select(s => s.Spent));
    }

    [Fact]
    public void A_budget_that_starts_later_reports_its_first_window_empty()
    {
        var budget = new Budget { Amount = 1m, Period = BudgetPeriod.Monthly, Start = At("2026-12-25T00:00:00Z") };
        var status = Evaluate(budget, "2026-11-20T12:00:00Z", false, Spend("2026-11-17T10:12:00Z", 1m)).Single();
        Assert.Equal(At("2026-12-25T00:00:00Z"), status.PeriodStart);
        Assert.Equal(At("2027-01-01T00:00:00Z"), status.PeriodEnd);
        Assert.Equal(0m, status.Spent);
        Assert.Contains("Not started: the budget starts 2026-12-25 00:00 UTC.", status.Message);
    }
}
