using System.Management.Automation;
using TokenMonitor.Budgets;

namespace TokenMonitor.Commands;

/// <summary>Creates a budget to pass to Test-BudgetThreshold or Assert-TokenBudget with -Budget, or to pipe into them.</summary>
[Cmdlet(VerbsCommon.New, "TokenBudget")]
[OutputType(typeof(Budget))]
public sealed class NewTokenBudgetCommand : BudgetDefinitionCommandBase
{
    protected override void EndProcessing()
    {
        WriteObject(BudgetFromParameters());
    }
}
