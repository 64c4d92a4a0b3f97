namespace TokenMonitor;

/// <summary>How a budget's windows are cut: calendar periods in the budget's zone, one open-ended window, or rolling windows.</summary>
public enum BudgetPeriod
{
    Daily,
    Weekly,
    Monthly,
    Total,
    Quarterly,
    Yearly,

    /// <summary>Windows of the budget's <c>Window</c> length: opened by the first request (as coding plans meter), or back to back from its Start.</summary>
    Rolling,
}
