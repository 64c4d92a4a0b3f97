using System.Text;
using TokenMonitor.Budgets;

namespace TokenMonitor.Tests.Budgets;

public class BudgetFileTests
{
    private static IReadOnlyList<Budget> Parse(string json) => BudgetFile.Parse(Encoding.UTF8.GetBytes(json), "budgets.json");

    private static BudgetFileException Reject(string json) => Assert.Throws<BudgetFileException>(() => Parse(json));

    [Fact]
    public void Every_field_is_read()
    {
        var budgets = Parse("""
            {
              // comments and trailing commas are allowed: people edit these files by hand
              "$schema": "https://example.invalid/budgets.schema.json",
              "budgets": [
                {
                  "name": "team-openai", "description": "OpenAI for the web team",
                  "scope": ["service:openai", "project:web"], "period": "monthly", "amount": 200.50,
                  "tokenLimit": 50000000, "requestLimit": 100000, "timeZone": "Europe/Berlin",
                  "start": "2026-09-01", "rollover": true, "thresholds": { "warning": 80, "critical": 95 },
                },
                { "name": "coding-plan", "period": "Rolling", "window": "5h", "tokenLimit": 2000000, "thresholds": [40, 60, 80, 100] },
                { "name": "nightly", "scope": "job:nightly-*", "period": "Weekly", "weekStart": "Sunday", "amount": 10 },
              ],
              "channels": [ { "type": "Console" } ]
            }
            """);
        Assert.Equal(3, budgets.Count);
        var team = budgets[0];
        Assert.Equal("team-openai", team.Name);
        Assert.Equal("service:openai, project:web", team.Scope.ToString());
        Assert.Equal(BudgetPeriod.Monthly, team.Period);
        Assert.Equal(200.50m, team.Amount);
        Assert.Equal(50_000_000, team.TokenLimit);
        Assert.Equal(100_000, team.RequestLimit);
        Assert.Equal(DateTimeOffset.Parse("2026-08-31T22:00:00Z"), team.Start); // midnight in Berlin (UTC+2 in September)
        Assert.True(team.Rollover);
        Assert.Equal(new BudgetThresholds(50, 80, 95, 100), team.Thresholds);
        Assert.Equal(TimeSpan.FromHours(5), budgets[1].Window);
        Assert.Equal(new BudgetThresholds(40, 60, 80, 100), budgets[1].Thresholds);
        Assert.Equal(DayOfWeek.Sunday, budgets[2].WeekStart);
    }

    [Fact]
    public void A_bare_list_of_budgets_is_a_file_too()
    {
        Assert.Equal("a", Parse("""[ { "name": "a", "amount": 1 } ]""").Single().Name);
    }

    [Theory]
    [InlineData("""{ "name": "team", "amout": 200 }""", "budget 'team': 'amout': unknown field; did you mean 'amount'?")]
    [InlineData("""{ "name": "team", "amount": "lots" }""", "budget 'team': 'amount': expected a number of US dollars, found text \"lots\"")]
    [InlineData("""{ "name": "team", "amount": -5 }""", "budget 'team': 'amount': the amount is negative (-5)")]
    [InlineData("""{ "name": "team", "amount": 5, "period": "Fortnightly" }""", "budget 'team': 'period': unknown value 'Fortnightly' (one of Daily, Weekly, Monthly, Total, Quarterly, Yearly, Rolling)")]
    [InlineData("""{ "name": "team", "amount": 5, "period": "3" }""", "budget 'team': 'period': unknown value '3'")]
    [InlineData("""{ "name": "team", "amount": 5, "timeZone": "Mars/Olympus" }""", "budget 'team': 'timeZone': 'Mars/Olympus' is neither an IANA nor a Windows time zone id")]
    [InlineData("""{ "name": "team", "amount": 5, "scope": "team:web" }""", "budget 'team': 'scope': scope 'team:web' names an unknown dimension 'team'")]
    [InlineData("""{ "name": "team", "amount": 5, "tokenLimit": 1.5 }""", "budget 'team': 'tokenLimit': expected a whole number, found the number 1.5")]
    [InlineData("""{ "name": "team", "amount": 5, "rollover": "yes" }""", "budget 'team': 'rollover': expected true or false, found text \"yes\"")]
    [InlineData("""{ "name": "team", "amount": 5, "thresholds": { "warn": 80 } }""", "budget 'team': 'thresholds.warn': unknown level; did you mean 'warning'?")]
    [InlineData("""{ "name": "team", "amount": 5, "thresholds": [90, 75, 50, 100] }""", "budget 'team': 'thresholds': thresholds must rise from Info to Exceeded")]
    [InlineData("""{ "name": "team", "amount": 5, "period": "Rolling" }""", "budget 'team': 'window': a Rolling budget needs a window length such as 5h")]
    [InlineData("""{ "name": "team", "amount": 5, "period": "Rolling", "window": "five hours" }""", "budget 'team': 'window': 'five hours' is not a duration")]
    [InlineData("""{ "name": "team", "amount": 5, "start": "next tuesday" }""", "budget 'team': 'start': 'next tuesday' is not a date or time")]
    [InlineData("""{ "name": "team" }""", "budget 'team': 'amount': no limit")]
    [InlineData("""{ "amount": 5 }""", "budget '#1': 'name': a budget needs a name")]
    [InlineData("""{ "name": 7, "amount": 5 }""", "budget '#1': 'name': expected text, found the number 7")]
    public void A_mistake_names_the_file_the_budget_and_the_field(string budget, string expected)
    {
        var ex = Reject($$"""{ "budgets": [ {{budget}} ] }""");
        Assert.StartsWith("budgets.json: " + expected, ex.Message);
        Assert.Single(ex.Problems);
    }

    [Fact]
    public void Every_mistake_of_a_file_is_reported_at_once()
    {
        var ex = Reject("""
            { "budgets": [
                { "name": "a", "amout": 1 },
                { "name": "b", "amount": -1, "period": "Hourly" },
                { "name": "c", "amount": 3 },
                { "name": "C", "amount": 3 }
            ] }
            """);
        Assert.Equal(["a/amout", "b/period", "b/amount", "C/name"], ex.Problems.Select(p => $"{p.Budget}/{p.Field}"));
        Assert.All(ex.Problems, p => Assert.Equal("budgets.json", p.File));
        Assert.StartsWith("4 mistakes in the budget file:", ex.Message);
    }

    [Theory]
    [InlineData("""{ "budgets": [ { "name": "a", "amount": 1 } """, "not valid JSON at line 1")]
    [InlineData("""{ "budget": [] }""", "'budget': unknown section; did you mean 'budgets'?")]
    [InlineData("""{ "budgets": { "name": "a" } }""", "'budgets': 'budgets' must be a list")]
    [InlineData("""42""", "expected an object with a 'budgets' list")]
    [InlineData("""{ "budgets": [ 5 ] }""", "budget '#1': a budget must be an object")]
    public void A_malformed_file_says_where(string json, string expected)
    {
        Assert.Contains(expected, Reject(json).Message);
    }

    [Fact]
    public void A_file_on_disk_is_named_by_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tm-budgets-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "budgets": [ { "name": "x", "amount": -1 } ] }""");
        try
        {
            var ex = Assert.Throws<BudgetFileException>(() => BudgetFile.Read(path));
            Assert.StartsWith(path + ": budget 'x': 'amount'", ex.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
