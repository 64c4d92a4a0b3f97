using TokenMonitor.Time;

namespace TokenMonitor.Budgets;

/// <summary>One period of a budget: [Start, End) in UTC instants, aligned to the calendar of the budget's zone.</summary>
public readonly record struct PeriodWindow(DateTimeOffset Start, DateTimeOffset? End)
{
    public bool Contains(DateTimeOffset instant) => instant >= Start && (End is null || instant < End);

    /// <summary>The calendar window holding an instant; Total and Rolling windows are cut by <see cref="WindowCutter"/>.</summary>
    public static PeriodWindow For(DateTimeOffset instant, Budget budget, DateTimeOffset totalStart)
    {
        var zone = budget.TimeZone;
        var day = TimeZones.DayOf(instant, zone);
        return budget.Period switch
        {
            BudgetPeriod.Daily => Between(day, day.AddDays(1), zone),
            BudgetPeriod.Weekly => Week(TimeZones.WeekStart(day, budget.WeekStart), zone),
            BudgetPeriod.Monthly => Months(new DateOnly(day.Year, day.Month, 1), 1, zone),
            BudgetPeriod.Quarterly => Months(new DateOnly(day.Year, (day.Month - 1) / 3 * 3 + 1, 1), 3, zone),
            BudgetPeriod.Yearly => Months(new DateOnly(day.Year, 1, 1), 12, zone),
            _ => new PeriodWindow(totalStart, null),
        };
    }

    private static PeriodWindow Week(DateOnly first, TimeZoneInfo zone) => Between(first, first.AddDays(7), zone);

    private static PeriodWindow Months(DateOnly first, int months, TimeZoneInfo zone) =>
        first.Year == DateOnly.MaxValue.Year && first.Month + months > 12
            ? new PeriodWindow(TimeZones.StartOf(first, zone), null)
            : Between(first, first.AddMonths(months), zone);

    private static PeriodWindow Between(DateOnly first, DateOnly next, TimeZoneInfo zone) =>
        new(TimeZones.StartOf(first, zone), TimeZones.StartOf(next, zone));
}
