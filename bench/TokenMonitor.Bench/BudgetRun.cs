using System.Diagnostics;
using TokenMonitor.Budgets;
using TokenMonitor.Pricing;
using TokenMonitor.Reading;

namespace TokenMonitor.Bench;

/// <summary>
/// Many budgets over a corpus, in the engine: read and price every record once, fold it into the usage cube,
/// then evaluate every budget of a budget file, so the cost of evaluation is seen apart from reading.
/// </summary>
internal static class BudgetRun
{
    public static void Run(string folder, string budgetFile, DateTimeOffset asOf)
    {
        var budgets = BudgetFile.Read(budgetFile);
        var pricing = new PricingSession(new CostCalculator(PricingSources.Load(), new PricingOptions()));
        var clock = Stopwatch.StartNew();
        var evaluator = new BudgetEvaluator(asOf);
        foreach (var budget in budgets) evaluator.AddBudget(budget);
        var reader = new UsageLogReader();
        var stage = Environment.GetEnvironmentVariable("TM_BUDGET_STAGE"); // "read" or "price": stop there, to see each stage's share
        foreach (var item in reader.Read(LogFileLocator.Enumerate(folder, recurse: true)))
        {
            if (item.Record is not { } record || stage == "read") continue;
            var cost = pricing.CostOf(record).Cost;
            if (stage != "price") evaluator.Add(record, cost);
        }

        var folded = clock.Elapsed;
        var statuses = evaluator.Evaluate(allPeriods: false).ToList();
        var evaluated = clock.Elapsed - folded;
        var history = evaluator.Evaluate(allPeriods: true).Count();
        var all = clock.Elapsed - folded - evaluated;
        Console.WriteLine($"budgets: {budgets.Count} budgets over {evaluator.Usage.Records:N0} records; read+price+fold {folded.TotalSeconds:N2} s, " +
            $"evaluate current {evaluated.TotalMilliseconds:N0} ms ({statuses.Count} statuses), with -AllPeriods {all.TotalMilliseconds:N0} ms ({history:N0} statuses); " +
            $"exceeded now: {statuses.Count(s => s.Level == AlertLevel.Exceeded)}");
    }
}
