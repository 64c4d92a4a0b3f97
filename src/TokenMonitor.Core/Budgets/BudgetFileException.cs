namespace TokenMonitor.Budgets;

/// <summary>One mistake in a budget file: which file, which budget, which field, and what is wrong.</summary>
public sealed record BudgetFileProblem(string File, string Budget, string Field, string Message)
{
    public override string ToString() =>
        Budget.Length == 0 ? $"{File}: {(Field.Length == 0 ? "" : $"'{Field}': ")}{Message}"
        : $"{File}: budget '{Budget}': {(Field.Length == 0 ? "" : $"'{Field}': ")}{Message}";
}

/// <summary>A budget file was rejected; every mistake found is listed, so one edit can fix them all.</summary>
public sealed class BudgetFileException(IReadOnlyList<BudgetFileProblem> problems)
    : Exception(problems.Count == 1 ? problems[0].ToString()
        : $"{problems.Count} mistakes in the budget file:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems))
{
    public IReadOnlyList<BudgetFileProblem> Problems { get; } = problems;
}
