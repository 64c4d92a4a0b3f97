using TokenMonitor.Budgets;
using static TokenMonitor.Tests.Budgets.Usage;

namespace TokenMonitor.Tests.Budgets;

public class ScopeTests
{
    private static readonly UsageRecord[] Records =
    [
        Spend("2026-11-17T01:00:00Z", 1m, user: "alice", service: "openai", job: "nightly-build"),
        Spend("2026-11-17T02:00:00Z", 2m, user: "bob", service: "openai", job: "nightly-tests"),
        Spend("2026-11-17T03:00:00Z", 4m, user: "alice", service: "anthropic", job: "weekly-report", tags: ["prod", "eu"]),
        Spend("2026-11-17T04:00:00Z", 8m, user: "Alice", service: "gemini", model: "gemini-2.5-pro", provider: "google"),
        Spend("2026-11-17T05:00:00Z", 16m, project: "web", tags: ["staging"]),
    ];

    [Theory]
    [InlineData("global", 31)]
    [InlineData("user:alice", 13)]
    [InlineData("service:openai", 3)]
    [InlineData("job:nightly-*", 3)]
    [InlineData("service:openai,user:alice", 1)]
    [InlineData("service:openai,service:anthropic", 7)]
    [InlineData("service:openai,service:anthropic,user:alice", 5)]
    [InlineData("tag:prod", 4)]
    [InlineData("tags:sta*", 16)]
    [InlineData("model:gemini-*", 8)]
    [InlineData("provider:google", 8)]
    [InlineData("project:web", 16)]
    [InlineData("user:*", 15)]
    [InlineData("job:nightly-?uild", 1)]
    public void Scopes_select_by_wildcard_all_dimensions_and_alternatives(string scope, decimal spent)
    {
        var budget = new Budget { Amount = 100m, Period = BudgetPeriod.Daily, Scope = BudgetScope.Parse([scope]) };
        Assert.Equal(spent, Evaluate(budget, "2026-11-17T12:00:00Z", false, Records).Single().Spent);
    }

    [Fact]
    public void The_status_names_its_scope()
    {
        var budget = new Budget { Amount = 100m, Scope = BudgetScope.Parse(["service:openai", "user:alice"]) };
        var status = Evaluate(budget, "2026-11-17T12:00:00Z", false, Records).Single();
        Assert.Equal("service:openai, user:alice", status.Scope);
        Assert.Contains("scope service:openai, user:alice", status.Message);
    }

    [Theory]
    [InlineData("openai", "not dimension:pattern")]
    [InlineData("team:x", "unknown dimension 'team'")]
    [InlineData("user:", "not dimension:pattern")]
    [InlineData("1:x", "unknown dimension '1'")]
    public void A_bad_scope_says_what_is_wrong(string scope, string message)
    {
        var ex = Assert.Throws<FormatException>(() => BudgetScope.Parse([scope]));
        Assert.Contains(message, ex.Message);
    }
}
