namespace TokenMonitor.Budgets;

/// <summary>
/// Evaluates budgets as of a moment over records that may arrive in any order. Records are folded once into a
/// <see cref="UsageCube"/>; each budget is then cut into its windows from the cube, so adding budgets costs no extra
/// pass over the records. Records after the moment do not count, so a run as of yesterday gives yesterday's answer.
/// </summary>
public sealed class BudgetEvaluator
{
    private readonly List<Budget> _budgets = [];

    public BudgetEvaluator(DateTimeOffset asOf) => Usage = new UsageCube(asOf);

    public BudgetEvaluator(Budget budget, DateTimeOffset asOf)
        : this(asOf) => AddBudget(budget);

    public UsageCube Usage { get; }

    public IReadOnlyList<Budget> Budgets => _budgets;

    /// <summary>Adds a budget; throws <see cref="ArgumentException"/> naming the field at fault.</summary>
    public void AddBudget(Budget budget)
    {
        budget.Validate();
        _budgets.Add(budget);
    }

    /// <summary>Adds a record at <paramref name="cost"/>, or at its own Cost when none is given.</summary>
    public void Add(UsageRecord record, TokenCost? cost = null) => Usage.Add(record, cost);

    /// <summary>For each budget in order, its current window, and with <paramref name="allPeriods"/> every earlier window that has usage.</summary>
    public IEnumerable<BudgetStatus> Evaluate(bool allPeriods) =>
        _budgets.SelectMany(b => BudgetWindows.Evaluate(Usage, b, allPeriods));
}
