using TokenMonitor.Time;

namespace TokenMonitor.Budgets;

/// <summary>A spending limit over a period: an amount in USD and/or a token or request quota, for the records in its scope.</summary>
public sealed record Budget
{
    public string Name { get; init; } = "default";
    public BudgetScope Scope { get; init; } = BudgetScope.Global;
    public BudgetPeriod Period { get; init; } = BudgetPeriod.Monthly;

    /// <summary>The length of a Rolling budget's windows (5 hours for the coding plans); unused by calendar periods.</summary>
    public TimeSpan? Window { get; init; }

    public decimal? Amount { get; init; }
    public long? TokenLimit { get; init; }
    public long? RequestLimit { get; init; }
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;
    public DayOfWeek WeekStart { get; init; } = DayOfWeek.Monday;
    public BudgetThresholds Thresholds { get; init; } = BudgetThresholds.Default;

    /// <summary>
    /// Records before this moment do not count (kept to the minute: seconds are dropped). A Total budget's window opens
    /// here; a Rolling budget with a start has back-to-back windows from it; rollover starts counting here.
    /// </summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>Unspent amount of a period is added to the next period's limit.</summary>
    public bool Rollover { get; init; }

    /// <summary>The shortest Rolling window, so that a window is long enough to say anything about.</summary>
    public static readonly TimeSpan MinimumWindow = TimeSpan.FromMinutes(1);

    /// <summary>Throws <see cref="ArgumentException"/> naming the budget and the field at fault.</summary>
    public void Validate()
    {
        foreach (var problem in Problems())
        {
            throw new ArgumentException($"Budget '{Name}': {problem.Field}: {problem.Message}.", problem.Field);
        }
    }

    /// <summary>Every mistake, each with the field it is in, so a budget file can report them all at once.</summary>
    public IEnumerable<(string Field, string Message)> Problems()
    {
        if (string.IsNullOrWhiteSpace(Name)) yield return ("Name", "a budget needs a name");
        if (Amount is null && TokenLimit is null && RequestLimit is null)
            yield return ("Amount", "no limit: give an amount, a token limit or a request limit");
        if (Amount is < 0) yield return ("Amount", $"the amount is negative ({Amount})");
        if (TokenLimit is < 0) yield return ("TokenLimit", $"the token limit is negative ({TokenLimit})");
        if (RequestLimit is < 0) yield return ("RequestLimit", $"the request limit is negative ({RequestLimit})");
        if (!Enum.IsDefined(Period)) yield return ("Period", $"unknown period '{Period}'");
        if (Period == BudgetPeriod.Rolling && Window is null)
            yield return ("Window", "a Rolling budget needs a window length such as 5h");
        if (Window is { } window && (window < MinimumWindow || window.Ticks % TimeSpan.TicksPerMinute != 0))
            yield return ("Window", $"the window must be whole minutes, at least one (it is {window})");
        if (Window is not null && Period != BudgetPeriod.Rolling)
            yield return ("Window", $"a window length only applies to Rolling budgets, not {Period}");
        if (Thresholds.Problem() is { } thresholds) yield return ("Thresholds", thresholds);
        if (Rollover && Amount is null) yield return ("Rollover", "rollover carries an unspent amount, and this budget has none");
        if (Rollover && Period == BudgetPeriod.Total) yield return ("Rollover", "a Total budget has no next period to roll over into");
        if (Rollover && Period == BudgetPeriod.Rolling && Start is null)
            yield return ("Rollover", "a Rolling budget rolls over only with a Start, which fixes its windows");
    }

    /// <summary>The period as people say it: <c>Monthly</c>, or <c>Rolling 5h</c>.</summary>
    public string PeriodText => Period == BudgetPeriod.Rolling && Window is { } w ? $"Rolling {Durations.Format(w)}" : Period.ToString();

    public override string ToString() => $"{Name} ({PeriodText}, {Scope})";
}
