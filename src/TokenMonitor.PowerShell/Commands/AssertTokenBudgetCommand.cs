using System.Management.Automation;

namespace TokenMonitor.Commands;

/// <summary>Fails (a terminating error) when a budget's current window is exceeded: a one-line gate for Pester It blocks and CI.</summary>
[Cmdlet(VerbsLifecycle.Assert, "TokenBudget")]
[OutputType(typeof(BudgetStatus))]
public sealed class AssertTokenBudgetCommand : BudgetEvaluationCommandBase
{
    /// <summary>Also fail when a budget is forecast to exceed by its period end.</summary>
    [Parameter]
    public SwitchParameter FailOnForecast { get; set; }

    /// <summary>Writes the statuses when the assertion passes.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        var statuses = Evaluate(allPeriods: false);
        FailOnBreaches(statuses, FailOnForecast.IsPresent);
        if (PassThru)
        {
            foreach (var status in statuses) WriteObject(status);
        }
    }
}
