using FsCheck;
using FsCheck.Xunit;
using TokenMonitor.Budgets;
using static TokenMonitor.Tests.Budgets.Usage;

namespace TokenMonitor.Tests.Budgets;

public class MultipleBudgetTests
{
    private static readonly Budget[] Budgets =
    [
        new() { Name = "all-monthly", Amount = 50m, Period = BudgetPeriod.Monthly },
        new() { Name = "openai-daily", Amount = 2m, Period = BudgetPeriod.Daily, Scope = BudgetScope.Parse(["service:openai"]) },
        new() { Name = "nightly-tokens", TokenLimit = 500, Period = BudgetPeriod.Weekly, Scope = BudgetScope.Parse(["job:nightly-*"]) },
        new() { Name = "five-hours", Amount = 3m, Period = BudgetPeriod.Rolling, Window = TimeSpan.FromHours(5) },
    ];

    [Fact]
    public void Each_budget_gets_its_statuses_in_the_order_given_from_one_pass()
    {
        var evaluator = new BudgetEvaluator(At("2026-11-17T12:00:00Z"));
        foreach (var b in Budgets) evaluator.AddBudget(b);
        evaluator.Add(Spend("2026-11-17T09:00:00Z", 1.5m, tokens: 300, service: "openai", job: "nightly-a"));
        evaluator.Add(Spend("2026-11-17T10:00:00Z", 1m, tokens: 300, service: "anthropic", job: "nightly-b"));
        evaluator.Add(Spend("2026-11-16T10:00:00Z", 4m, service: "openai"));

        var statuses = evaluator.Evaluate(allPeriods: false).ToList();
        Assert.Equal(3, evaluator.Usage.Records);
        Assert.Equal(Budgets.Select(b => b.Name), statuses.Select(s => s.Budget));
        Assert.Equal([6.5m, 1.5m, 2.5m, 2.5m], statuses.Select(s => s.Spent));
        Assert.Equal([AlertLevel.Ok, AlertLevel.Warning, AlertLevel.Exceeded, AlertLevel.Warning], statuses.Select(s => s.Level));
        Assert.Equal(At("2026-11-17T10:00:00Z"), statuses[2].ExceededAt);
    }

    [Fact]
    public void Budgets_added_after_the_records_see_all_of_them()
    {
        var evaluator = new BudgetEvaluator(At("2026-11-17T12:00:00Z"));
        evaluator.Add(Spend("2026-11-17T09:00:00Z", 1.5m));
        evaluator.AddBudget(new Budget { Amount = 1m, Period = BudgetPeriod.Daily });
        Assert.Equal(1.5m, evaluator.Evaluate(false).Single().Spent);
    }

    [Fact]
    public void Duplicates_count_once()
    {
        var copy = Spend("2026-11-17T09:00:00Z", 1.5m);
        copy.IsDuplicate = true;
        var status = Evaluate(new Budget { Amount = 10m }, "2026-11-17T12:00:00Z", false, Spend("2026-11-17T09:00:00Z", 1.5m), copy).Single();
        Assert.Equal(1.5m, status.Spent);
        Assert.Equal(1, status.Requests);
    }

    /// <summary>Records in any order give the same statuses, to the last digit of every forecast.</summary>
    [Property(MaxTest = 100)]
    public bool The_order_of_records_never_changes_a_status(int seed)
    {
        var random = new Random(seed);
        var records = Enumerable.Range(0, 60).Select(_ => Spend(
            At("2026-11-10T00:00:00Z").AddMinutes(random.Next(0, 7 * 24 * 60)).ToString("o"),
            random.Next(0, 500) / 100m, tokens: random.Next(0, 200),
            service: random.Next(2) == 0 ? "openai" : "anthropic", job: random.Next(3) == 0 ? "nightly-x" : null)).ToArray();
        var shuffled = records.OrderBy(_ => random.Next()).ToArray();

        var first = Evaluate(Budgets, "2026-11-17T00:00:00Z", true, records).Select(Fingerprint);
        var second = Evaluate(Budgets, "2026-11-17T00:00:00Z", true, shuffled).Select(Fingerprint);
        return first.SequenceEqual(second);
    }

    private static string Fingerprint(BudgetStatus s) =>
        $"{s.Budget}|{s.PeriodStart:o}|{s.Spent}|{s.Tokens}|{s.Requests}|{s.Level}|{s.ForecastSpend}|{s.ForecastLow}|{s.ForecastHigh}|{s.ExceededAt:o}|{s.ProjectedLimitAt:o}";
}
