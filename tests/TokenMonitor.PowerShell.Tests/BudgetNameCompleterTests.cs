namespace TokenMonitor.PowerShell.Tests;

/// <summary>Budget names complete as a user presses Tab, through TabExpansion2 in the hosted engine (time zones and model names: BudgetCmdletTests, PricingCmdletTests).</summary>
public class BudgetNameCompleterTests
{
    private static string[] Complete(string input)
    {
        var run = HostedSession.Run($"(TabExpansion2 -inputScript '{input.Replace("'", "''")}' -cursorColumn {input.Length}).CompletionMatches.CompletionText");
        Assert.Empty(run.Errors);
        return [.. run.Output.Where(o => o is not null).Select(o => o.ToString())]; // no match writes one $null
    }

    [Theory]
    [InlineData("Test-BudgetThreshold -BudgetFile ./samples/budgets.json -Name ")]
    [InlineData("Assert-TokenBudget -BudgetFile ./samples/budgets.psd1 -Name ")]
    public void Budget_names_come_from_the_budget_file_on_the_line(string input)
    {
        var names = Complete(input);
        Assert.Contains("team-monthly", names);
        Assert.Contains("claude-code-5h", names);
        Assert.Equal(names.Order(StringComparer.OrdinalIgnoreCase), names);
    }

    [Fact]
    public void Budget_names_are_filtered_by_what_was_typed_and_a_missing_file_completes_nothing()
    {
        var all = Complete("Test-BudgetThreshold -BudgetFile ./samples/budgets.json -Name ");
        var typed = Complete("Test-BudgetThreshold -BudgetFile ./samples/budgets.json -Name O");
        Assert.Contains("opus-daily", typed);
        Assert.Equal(all.Where(n => n.StartsWith('o')), typed);
        Assert.DoesNotContain("team-monthly", Complete("Test-BudgetThreshold -BudgetFile ./no-such-file.json -Name ")); // and no error
    }
}
