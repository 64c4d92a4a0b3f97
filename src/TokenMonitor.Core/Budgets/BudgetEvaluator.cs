namespace TokenMonitor.Budgets;

/// <summary>
/// Evaluates one budget, as of a moment, over records that may arrive in any order: a single pass adds each
/// record to its period window, and the statuses are computed at the end. Records after the moment do not
/// count, so that a run as of yesterday gives yesterday's answer.
/// </summary>
public sealed class BudgetEvaluator
{
    private readonly Budget _budget;
    private readonly DateTimeOffset _asOf;
    private readonly Dictionary<DateTimeOffset, WindowTotals> _windows = [];
    private DateTimeOffset? _firstRecord;

    public BudgetEvaluator(Budget budget, DateTimeOffset asOf)
    {
        budget.Validate();
        _budget = budget;
        _asOf = asOf;
    }

    public Budget Budget => _budget;

    /// <summary>Adds a record at <paramref name="cost"/>, or at its own Cost when none is given.</summary>
    public void Add(UsageRecord record, TokenCost? cost = null)
    {
        if (record.Timestamp > _asOf || record.IsDuplicate) return;
        if (_budget.Start is { } start && record.Timestamp < start) return;
        if (_firstRecord is null || record.Timestamp < _firstRecord) _firstRecord = record.Timestamp;

        // A Total budget has one window; its start is settled at the end, once the first record is known.
        var window = _budget.Period == BudgetPeriod.Total
            ? new PeriodWindow(DateTimeOffset.MinValue, null)
            : PeriodWindow.For(record.Timestamp, _budget, DateTimeOffset.MinValue);
        if (!_windows.TryGetValue(window.Start, out var totals))
        {
            _windows[window.Start] = totals = new WindowTotals(window);
        }

        totals.Add(record, cost ?? record.Cost);
    }

    /// <summary>The current window, and with <paramref name="allPeriods"/> every earlier window that has records.</summary>
    public IEnumerable<BudgetStatus> Evaluate(bool allPeriods)
    {
        var asOf = _asOf;
        var current = CurrentWindow(asOf);
        if (_budget.Period == BudgetPeriod.Total)
        {
            var total = _windows.GetValueOrDefault(DateTimeOffset.MinValue) ?? new WindowTotals(current);
            total.Window = current;
            yield return BudgetStatusBuilder.Build(_budget, total, asOf, isCurrent: true);
            yield break;
        }

        var windows = allPeriods ? new SortedDictionary<DateTimeOffset, WindowTotals>(_windows) : [];
        windows[current.Start] = _windows.GetValueOrDefault(current.Start) ?? new WindowTotals(current);
        foreach (var totals in windows.Values)
        {
            yield return BudgetStatusBuilder.Build(_budget, totals, asOf, totals.Window.Start == current.Start);
        }
    }

    private PeriodWindow CurrentWindow(DateTimeOffset asOf)
    {
        if (_budget.Period != BudgetPeriod.Total) return PeriodWindow.For(asOf, _budget, asOf);
        var start = _budget.Start ?? _firstRecord ?? asOf;
        return new PeriodWindow(start, null);
    }
}

/// <summary>What one window has accumulated.</summary>
internal sealed class WindowTotals(PeriodWindow window)
{
    public PeriodWindow Window { get; set; } = window;
    public decimal Spent { get; private set; }
    public long Tokens { get; private set; }
    public long Requests { get; private set; }
    public long Unpriced { get; private set; }
    public DateTimeOffset? First { get; private set; }
    public DateTimeOffset? Last { get; private set; }

    public void Add(UsageRecord r, TokenCost? cost)
    {
        Requests += r.Requests;
        Tokens += r.TotalTokens;
        if (cost is { IsUnknownModel: false }) Spent += cost.Total;
        else Unpriced += r.Requests;
        if (First is null || r.Timestamp < First) First = r.Timestamp;
        if (Last is null || r.Timestamp > Last) Last = r.Timestamp;
    }
}
