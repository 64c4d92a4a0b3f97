namespace TokenMonitor.Budgets;

/// <summary>What one window of one budget has accumulated, filled in time order.</summary>
internal sealed class WindowTotals
{
    private readonly Budget _budget;
    private readonly decimal[]? _unitSpent;
    private readonly long _originMinute;
    private readonly long _unitMinutes;

    public WindowTotals(Budget budget, PeriodWindow window, TimeSpan unit, decimal? limit, decimal carried)
    {
        _budget = budget;
        Window = window;
        Limit = limit;
        Carried = carried;
        Unit = unit;
        Origin = budget.Start is { } start && WindowCutter.Minute(start) > window.Start ? WindowCutter.Minute(start) : window.Start;
        _originMinute = UsageCube.MinuteOf(Origin);
        _unitMinutes = Math.Max(1, (long)unit.TotalMinutes);
        if (window.End is { } end)
        {
            _unitSpent = new decimal[(int)Math.Max(1, Math.Ceiling((end - Origin).TotalMinutes / _unitMinutes))];
        }
    }

    public PeriodWindow Window { get; }

    /// <summary>Where counting starts: the window's start, or the budget's Start when that falls inside the window.</summary>
    public DateTimeOffset Origin { get; }

    /// <summary>The amount limit of this window, rollover included.</summary>
    public decimal? Limit { get; }

    public decimal Carried { get; }
    public TimeSpan Unit { get; }
    public decimal Spent { get; private set; }
    public long Tokens { get; private set; }
    public long Requests { get; private set; }
    public long Unpriced { get; private set; }

    /// <summary>The minute the Exceeded threshold was crossed, by amount or by a quota.</summary>
    public DateTimeOffset? ExceededAt { get; private set; }

    public ReadOnlySpan<decimal> UnitSpent => _unitSpent;

    public void Add(in CubeCell cell)
    {
        Spent += cell.Spent;
        Tokens += cell.Tokens;
        Requests += cell.Requests;
        Unpriced += cell.Unpriced;
        if (_unitSpent is not null)
        {
            var unit = (cell.Minute - _originMinute) / _unitMinutes;
            if (unit >= 0 && unit < _unitSpent.Length) _unitSpent[unit] += cell.Spent;
        }

        if (ExceededAt is null && IsExceeded()) ExceededAt = UsageCube.InstantOf(cell.Minute);
    }

    private bool IsExceeded()
    {
        var at = _budget.Thresholds.Exceeded;
        return Over(Spent, Limit) || Over(Tokens, _budget.TokenLimit) || Over(Requests, _budget.RequestLimit);

        bool Over(decimal used, decimal? limit) => limit is { } l && (l == 0m ? used > 0m : used * 100m >= l * at);
    }
}
