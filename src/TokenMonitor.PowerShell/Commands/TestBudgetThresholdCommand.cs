using System.Management.Automation;

namespace TokenMonitor.Commands;

/// <summary>Checks usage against budgets and says, per budget and period window, how far it has gone and where it is heading.</summary>
[Cmdlet(VerbsDiagnostic.Test, "BudgetThreshold")]
[OutputType(typeof(BudgetStatus))]
[OutputType(typeof(bool))]
public sealed class TestBudgetThresholdCommand : BudgetEvaluationCommandBase
{
    /// <summary>Every period window that has usage, not only the current one.</summary>
    [Parameter]
    public SwitchParameter AllPeriods { get; set; }

    /// <summary>Writes only $true (every current window within its limits) or $false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <summary>Ends with a terminating error naming each budget whose current window is exceeded.</summary>
    [Parameter]
    public SwitchParameter FailOnExceeded { get; set; }

    /// <summary>Ends with a terminating error naming each budget forecast to exceed by its period end (or already exceeded).</summary>
    [Parameter]
    public SwitchParameter FailOnForecast { get; set; }

    protected override void EndProcessing()
    {
        var statuses = Evaluate(AllPeriods.IsPresent);
        if (Quiet)
        {
            WriteObject(!Budgets.BudgetGate.Breaches(statuses, FailOnForecast.IsPresent).Any());
        }
        else
        {
            foreach (var status in statuses) WriteObject(status);
        }

        if (FailOnExceeded || FailOnForecast) FailOnBreaches(statuses, FailOnForecast.IsPresent);
    }
}
