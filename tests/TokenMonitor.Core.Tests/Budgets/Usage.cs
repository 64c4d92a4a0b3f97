using TokenMonitor.Budgets;

namespace TokenMonitor.Tests.Budgets;

/// <summary>Priced records and an evaluation, written the way the tests read best.</summary>
internal static class Usage
{
    public static UsageRecord Spend(string at, decimal dollars, long tokens = 100, string? user = null, string? service = null,
        string? job = null, string? project = null, string model = "m", string provider = "p", string[]? tags = null) => new()
    {
        Timestamp = DateTimeOffset.Parse(at),
        Provider = provider,
        Model = model,
        InputTokens = tokens,
        User = user,
        Service = service,
        Job = job,
        Project = project,
        Tags = tags ?? [],
        Cost = new TokenCost { Total = dollars },
    };

    public static List<BudgetStatus> Evaluate(Budget budget, string asOf, bool all, params UsageRecord[] records) =>
        Evaluate([budget], asOf, all, records);

    public static List<BudgetStatus> Evaluate(Budget[] budgets, string asOf, bool all, params UsageRecord[] records)
    {
        var evaluator = new BudgetEvaluator(DateTimeOffset.Parse(asOf));
        foreach (var b in budgets) evaluator.AddBudget(b);
        foreach (var r in records) evaluator.Add(r);
        return evaluator.Evaluate(all).ToList();
    }

    public static DateTimeOffset At(string text) => DateTimeOffset.Parse(text);
}
