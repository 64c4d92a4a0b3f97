using TokenMonitor.Budgets;
using TokenMonitor.Time;
using static TokenMonitor.Tests.Budgets.Usage;

namespace TokenMonitor.Tests.Budgets;

public class PeriodEdgeTests
{
    private static readonly TimeZoneInfo Berlin = TimeZones.Find("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZones.Find("America/New_York");

    [Fact]
    public void A_record_exactly_on_a_boundary_belongs_to_the_window_that_starts_there()
    {
        var all = Evaluate(new Budget { Amount = 10m, Period = BudgetPeriod.Monthly }, "2026-12-15T00:00:00Z", true,
            Spend("2026-11-30T23:59:59.999Z", 1m), Spend("2026-12-01T00:00:00Z", 2m));
        Assert.Equal([1m, 2m], all.Select(s => s.Spent));
        Assert.Equal(At("2026-12-01T00:00:00Z"), all[0].PeriodEnd);
        Assert.Equal(At("2026-12-01T00:00:00Z"), all[1].PeriodStart);
    }

    [Fact]
    public void Month_ends_follow_the_calendar_from_january_31_to_february()
    {
        var all = Evaluate(new Budget { Amount = 10m, Period = BudgetPeriod.Monthly }, "2027-02-10T00:00:00Z", true,
            Spend("2027-01-31T23:30:00Z", 1m), Spend("2027-02-01T00:30:00Z", 2m));
        Assert.Equal(At("2027-01-01T00:00:00Z"), all[0].PeriodStart);
        Assert.Equal(At("2027-02-01T00:00:00Z"), all[0].PeriodEnd);
        Assert.Equal(At("2027-03-01T00:00:00Z"), all[1].PeriodEnd);
    }

    [Fact]
    public void A_leap_day_is_in_february_and_in_a_91_day_first_quarter()
    {
        var monthly = Evaluate(new Budget { Amount = 10m, Period = BudgetPeriod.Monthly }, "2028-02-29T12:00:00Z", false,
            Spend("2028-02-29T10:00:00Z", 1m)).Single();
        Assert.Equal(At("2028-03-01T00:00:00Z"), monthly.PeriodEnd);
        Assert.Equal(1m, monthly.Spent);

        var quarterly = Evaluate(new Budget { Amount = 10m, Period = BudgetPeriod.Quarterly }, "2028-02-29T12:00:00Z", false,
            Spend("2028-02-29T10:00:00Z", 1m), Spend("2027-12-31T23:59:00Z", 5m)).Single();
        Assert.Equal(At("2028-01-01T00:00:00Z"), quarterly.PeriodStart);
        Assert.Equal(At("2028-04-01T00:00:00Z"), quarterly.PeriodEnd);
        Assert.Equal(91, (quarterly.PeriodEnd!.Value - quarterly.PeriodStart).TotalDays);
        Assert.Equal(1m, quarterly.Spent);
    }

    [Theory]
    [InlineData("2026-02-14T00:00:00Z", "2026-01-01", "2026-04-01")]
    [InlineData("2026-05-14T00:00:00Z", "2026-04-01", "2026-07-01")]
    [InlineData("2026-09-30T23:59:00Z", "2026-07-01", "2026-10-01")]
    [InlineData("2026-12-31T23:59:00Z", "2026-10-01", "2027-01-01")]
    public void Quarters_are_calendar_quarters(string asOf, string start, string end)
    {
        var status = Evaluate(new Budget { Amount = 10m, Period = BudgetPeriod.Quarterly }, asOf, false).Single();
        Assert.Equal(At(start + "T00:00:00Z"), status.PeriodStart);
        Assert.Equal(At(end + "T00:00:00Z"), status.PeriodEnd);
    }

    [Fact]
    public void A_year_in_a_zone_starts_at_its_local_new_year()
    {
        var status = Evaluate(new Budget { Amount = 10m, Period = BudgetPeriod.Yearly, TimeZone = Berlin }, "2026-06-01T00:00:00Z", false,
            Spend("2025-12-31T23:30:00Z", 1m), Spend("2025-12-31T22:59:00Z", 7m)).Single();
        Assert.Equal(At("2025-12-31T23:00:00Z"), status.PeriodStart);
        Assert.Equal(At("2026-12-31T23:00:00Z"), status.PeriodEnd);
        Assert.Equal(1m, status.Spent);
    }

    [Fact]
    public void The_autumn_dst_day_is_25_hours_long_in_the_budget_zone()
    {
        // 2026-10-25: Berlin falls back from UTC+2 to UTC+1.
        var status = Evaluate(new Budget { Amount = 10m, Period = BudgetPeriod.Daily, TimeZone = Berlin }, "2026-10-25T12:00:00Z", false,
            Spend("2026-10-24T22:00:00Z", 1m), Spend("2026-10-24T21:59:00Z", 4m)).Single();
        Assert.Equal(At("2026-10-24T22:00:00Z"), status.PeriodStart);
        Assert.Equal(At("2026-10-25T23:00:00Z"), status.PeriodEnd);
        Assert.Equal(25, (status.PeriodEnd!.Value - status.PeriodStart).TotalHours);
        Assert.Equal(1m, status.Spent);
    }

    [Fact]
    public void A_month_in_new_york_holds_the_dst_change_and_its_local_midnights()
    {
        // November 2026 in New York starts at UTC-4 (EDT) and ends at UTC-5 (EST).
        var status = Evaluate(new Budget { Amount = 10m, Period = BudgetPeriod.Monthly, TimeZone = NewYork }, "2026-11-10T00:00:00Z", false,
            Spend("2026-11-01T03:59:00Z", 3m), Spend("2026-11-01T04:00:00Z", 2m)).Single();
        Assert.Equal(At("2026-11-01T04:00:00Z"), status.PeriodStart);
        Assert.Equal(At("2026-12-01T05:00:00Z"), status.PeriodEnd);
        Assert.Equal(2m, status.Spent);
    }

    [Fact]
    public void Weeks_can_start_on_sunday()
    {
        var status = Evaluate(new Budget { Amount = 10m, Period = BudgetPeriod.Weekly, WeekStart = DayOfWeek.Sunday }, "2026-11-19T00:00:00Z", false).Single();
        Assert.Equal(At("2026-11-15T00:00:00Z"), status.PeriodStart);
    }

    [Fact]
    public void A_start_inside_the_window_leaves_earlier_records_out_and_starts_the_window_there()
    {
        var status = Evaluate(new Budget { Amount = 10m, Period = BudgetPeriod.Monthly, Start = At("2026-11-10T00:00:00Z") }, "2026-11-20T00:00:00Z", false,
            Spend("2026-11-09T23:59:00Z", 5m), Spend("2026-11-10T00:00:00Z", 1m)).Single();
        Assert.Equal(1m, status.Spent);
        Assert.Equal(At("2026-11-10T00:00:00Z"), status.PeriodStart);
        Assert.Equal(At("2026-12-01T00:00:00Z"), status.PeriodEnd);
    }

    [Fact]
    public void A_total_budget_counts_every_record_of_its_first_minute()
    {
        var status = Evaluate(new Budget { Amount = 10m, Period = BudgetPeriod.Total }, "2026-11-20T00:00:00Z", false,
            Spend("2026-11-16T14:03:15.774Z", 1m, service: "a"), Spend("2026-11-16T14:03:05Z", 2m, service: "b"),
            Spend("2026-11-16T14:03:40Z", 4m, service: "a")).Single();
        Assert.Equal(7m, status.Spent);
        Assert.Equal(3, status.Requests);
        Assert.Equal(At("2026-11-16T14:03:00Z"), status.PeriodStart);
    }
}
