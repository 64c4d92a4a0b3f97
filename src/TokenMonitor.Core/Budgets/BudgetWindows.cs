namespace TokenMonitor.Budgets;

/// <summary>Walks a cube's cells in time order for one budget, cutting them into its windows and carrying rollover.</summary>
internal static class BudgetWindows
{
    /// <summary>More empty periods than this between two windows means a start date far in the past; carrying stops growing there.</summary>
    private const int MaxRolloverSteps = 100_000;

    public static IEnumerable<BudgetStatus> Evaluate(UsageCube cube, Budget budget, bool allPeriods)
    {
        var tuples = cube.Tuples;
        var matched = new bool[tuples.Count];
        DateTimeOffset? firstSeen = null;
        for (var i = 0; i < matched.Length; i++)
        {
            matched[i] = budget.Scope.Matches(tuples[i]);
            if (matched[i] && (firstSeen is null || cube.FirstSeen(i) < firstSeen)) firstSeen = cube.FirstSeen(i);
        }

        var startMinute = budget.Start is { } start ? UsageCube.MinuteOf(start) : long.MinValue;
        // Usage is kept by the minute, so an open-ended window starts at the minute of its first record.
        var totalStart = WindowCutter.Minute(budget.Start ?? (firstSeen is { } f && f <= cube.AsOf ? f : cube.AsOf));
        var cutter = WindowCutter.For(budget, totalStart);
        var windows = new List<WindowTotals>();
        WindowTotals? open = null;
        foreach (ref readonly var cell in cube.Cells.AsSpan())
        {
            if (!matched[cell.Tuple] || cell.Minute < startMinute) continue;
            var at = UsageCube.InstantOf(cell.Minute);
            if (open is null || !open.Window.Contains(at))
            {
                open = Open(budget, cutter, cutter.WindowOf(at, open?.Window), open);
                windows.Add(open);
            }

            open.Add(cell);
        }

        // A budget that starts later than the evaluation moment reports its first window, still empty.
        var currentAt = budget.Start is { } begins && begins > cube.AsOf ? WindowCutter.Minute(begins) : cube.AsOf;
        var currentWindow = cutter.WindowOf(currentAt, open?.Window);
        var current = open is not null && open.Window.Start == currentWindow.Start ? open : Open(budget, cutter, currentWindow, open);
        if (!allPeriods)
        {
            yield return BudgetStatusBuilder.Build(budget, current, cube.AsOf, isCurrent: true);
            yield break;
        }

        foreach (var totals in windows.Where(w => w != current))
        {
            yield return BudgetStatusBuilder.Build(budget, totals, cube.AsOf, isCurrent: false);
        }

        yield return BudgetStatusBuilder.Build(budget, current, cube.AsOf, isCurrent: true);
    }

    private static WindowTotals Open(Budget budget, WindowCutter cutter, PeriodWindow window, WindowTotals? previous)
    {
        if (!budget.Rollover || budget.Amount is not { } amount)
        {
            return new WindowTotals(budget, window, cutter.Unit, budget.Amount, 0m);
        }

        // Unspent money of every earlier window since the start, empty ones included, is added to this one's limit.
        decimal carried;
        PeriodWindow? step;
        if (previous is null)
        {
            carried = 0m;
            step = budget.Start is { } start ? cutter.WindowOf(WindowCutter.Minute(start), null) : window;
        }
        else
        {
            carried = Math.Max(0m, previous.Limit!.Value - previous.Spent);
            step = cutter.Next(previous.Window);
        }

        for (var n = 0; step is { } s && s.Start < window.Start && n < MaxRolloverSteps; n++)
        {
            carried += amount;
            step = cutter.Next(s);
        }

        return new WindowTotals(budget, window, cutter.Unit, amount + carried, carried);
    }
}
