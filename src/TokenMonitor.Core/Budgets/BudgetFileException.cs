namespace TokenMonitor.Budgets;

/// <summary>One mistake in a budget file: which file, which budget, which field, and what is wrong.</summary>
public sealed record BudgetFileProblem(string File, string Budget, string Field, string Message)
{
    public override string ToString() => FileMistakes.Describe(File, "budget", Budget, Field, Message);
}

/// <summary>A budget file was rejected; every mistake found is listed, so one edit can fix them all.</summary>
public sealed class BudgetFileException(IReadOnlyList<BudgetFileProblem> problems)
    : Exception(FileMistakes.Summary(problems, "the budget file"))
{
    public IReadOnlyList<BudgetFileProblem> Problems { get; } = problems;
}
