namespace TokenMonitor.Budgets;

/// <summary>Cuts time into a budget's windows. Cells arrive in time order, so a window, once left, is complete.</summary>
internal abstract class WindowCutter
{
    /// <summary>The slice a forecast measures spending in: fine enough to see a trend, coarse enough to be steady.</summary>
    public abstract TimeSpan Unit { get; }

    /// <summary>The window holding <paramref name="instant"/>; <paramref name="previous"/> is the last window that had usage.</summary>
    public abstract PeriodWindow WindowOf(DateTimeOffset instant, PeriodWindow? previous);

    /// <summary>The window right after <paramref name="window"/>, or null where windows are not back to back.</summary>
    public abstract PeriodWindow? Next(PeriodWindow window);

    public static WindowCutter For(Budget budget, DateTimeOffset? totalStart) => budget.Period switch
    {
        BudgetPeriod.Total => new TotalCutter(totalStart),
        BudgetPeriod.Rolling when budget.Start is { } start => new BackToBackCutter(Minute(start), budget.Window!.Value),
        BudgetPeriod.Rolling => new SessionCutter(budget.Window!.Value),
        _ => new CalendarCutter(budget),
    };

    public static DateTimeOffset Minute(DateTimeOffset instant) => UsageCube.InstantOf(UsageCube.MinuteOf(instant));

    private sealed class CalendarCutter(Budget budget) : WindowCutter
    {
        public override TimeSpan Unit => budget.Period switch
        {
            BudgetPeriod.Daily => TimeSpan.FromHours(1),
            BudgetPeriod.Weekly => TimeSpan.FromHours(6),
            _ => TimeSpan.FromDays(1),
        };

        public override PeriodWindow WindowOf(DateTimeOffset instant, PeriodWindow? previous) =>
            PeriodWindow.For(instant, budget, DateTimeOffset.MinValue);

        public override PeriodWindow? Next(PeriodWindow window) =>
            window.End is { } end ? PeriodWindow.For(end, budget, DateTimeOffset.MinValue) : null;
    }

    /// <summary>A budget with a start and a window length (as LiteLLM's budget_duration): windows follow one another from the start.</summary>
    private sealed class BackToBackCutter(DateTimeOffset start, TimeSpan length) : WindowCutter
    {
        public override TimeSpan Unit => RollingUnit(length);

        public override PeriodWindow WindowOf(DateTimeOffset instant, PeriodWindow? previous)
        {
            var k = (long)Math.Floor((instant - start).Ticks / (double)length.Ticks);
            while (start + length * (k + 1) <= instant) k++;
            while (start + length * k > instant) k--;
            var from = start + length * k;
            return new PeriodWindow(from, from + length);
        }

        public override PeriodWindow? Next(PeriodWindow window) => new PeriodWindow(window.End!.Value, window.End.Value + length);
    }

    /// <summary>
    /// A window opens with the first request after the previous one closed, at that hour's start, and lasts its length:
    /// how Claude's coding plans meter their 5-hour limits and how ccusage's blocks report cuts them.
    /// </summary>
    private sealed class SessionCutter(TimeSpan length) : WindowCutter
    {
        public override TimeSpan Unit => RollingUnit(length);

        // Whole-hour windows open at the hour, as ccusage's blocks do; shorter or odd lengths at the minute, so that a
        // window always holds the request that opened it. A window never opens before the previous one closed.
        private readonly long _grain = length.Ticks % TimeSpan.TicksPerHour == 0 ? TimeSpan.TicksPerHour : TimeSpan.TicksPerMinute;

        public override PeriodWindow WindowOf(DateTimeOffset instant, PeriodWindow? previous)
        {
            if (previous is { } p && p.Contains(instant)) return p;
            var start = new DateTimeOffset(instant.UtcTicks - instant.UtcTicks % _grain, TimeSpan.Zero);
            if (previous?.End is { } end && start < end) start = end;
            return new PeriodWindow(start, start + length);
        }

        public override PeriodWindow? Next(PeriodWindow window) => null;
    }

    private sealed class TotalCutter(DateTimeOffset? start) : WindowCutter
    {
        public override TimeSpan Unit => TimeSpan.FromHours(1);

        public override PeriodWindow WindowOf(DateTimeOffset instant, PeriodWindow? previous) => new(start ?? instant, null);

        public override PeriodWindow? Next(PeriodWindow window) => null;
    }

    private static TimeSpan RollingUnit(TimeSpan length) =>
        TimeSpan.FromMinutes(Math.Max(1, (long)(length.TotalMinutes / 10)));
}
