namespace TokenMonitor;

public enum BudgetPeriod
{
    Daily,
    Weekly,
    Monthly,
    Total,
}
