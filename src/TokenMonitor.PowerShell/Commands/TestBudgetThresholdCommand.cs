using System.Management.Automation;

namespace TokenMonitor.Commands;

/// <summary>Checks usage against budgets and says, per budget and period window, how far it has gone and where it is heading.</summary>
[Cmdlet(VerbsDiagnostic.Test, "BudgetThreshold", DefaultParameterSetName = StatusSet)]
[OutputType(typeof(BudgetStatus))]
[OutputType(typeof(bool))]
public sealed class TestBudgetThresholdCommand : BudgetEvaluationCommandBase
{
    private const string StatusSet = "Status";
    private const string QuietSet = "Quiet";

    /// <summary>Every period window that has usage, not only the current one.</summary>
    [Parameter(ParameterSetName = StatusSet)]
    public SwitchParameter AllPeriods { get; set; }

    /// <summary>Ends with a terminating error naming each budget whose current window is exceeded.</summary>
    [Parameter(ParameterSetName = StatusSet)]
    public SwitchParameter FailOnExceeded { get; set; }

    /// <summary>Ends with a terminating error naming each budget forecast to exceed by its period end (or already exceeded).</summary>
    [Parameter(ParameterSetName = StatusSet)]
    public SwitchParameter FailOnForecast { get; set; }

    /// <summary>Writes only $true (no current window exceeded) or $false.</summary>
    [Parameter(ParameterSetName = QuietSet, Mandatory = true)]
    public SwitchParameter Quiet { get; set; }

    /// <summary>With -Quiet, a window forecast to exceed also answers $false.</summary>
    [Parameter(ParameterSetName = QuietSet)]
    public SwitchParameter IncludeForecast { get; set; }

    protected override void EndProcessing()
    {
        var statuses = Evaluate(AllPeriods.IsPresent);
        if (Quiet)
        {
            WriteObject(!Budgets.BudgetGate.Breaches(statuses, IncludeForecast.IsPresent).Any());
            return;
        }

        foreach (var status in statuses) WriteObject(status);
        if (FailOnExceeded || FailOnForecast) FailOnBreaches(statuses, FailOnForecast.IsPresent);
    }
}
