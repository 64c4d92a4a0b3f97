# Should -BeWithinBudget for Pester 5. Pester builds its Should operators from script blocks, so this one is script;
# the budget logic it calls is the module's own (Test-BudgetThreshold and BudgetGate), never a second copy.
# It registers when Pester 5 is already loaded as TokenMonitor is imported (Import-Module TokenMonitor inside a test
# file or a BeforeAll block). Get-Module, not Get-Command, so that importing TokenMonitor never loads Pester itself.

function Test-TokenBudgetShouldOperator {
    # Not an advanced function: Pester passes its own parameters (CallerSessionState, Because) and may add more.
    param(
        $ActualValue,
        $Amount,
        $Period,
        $TokenLimit,
        $RequestLimit,
        $Scope,
        $BudgetFile,
        $Budget,
        $AsOf,
        [switch] $FailOnForecast,
        [switch] $Negate,
        [string] $Because,
        $CallerSessionState
    )

    $items = @($ActualValue)
    $statuses = @($items | Where-Object { $_ -is [TokenMonitor.BudgetStatus] })
    $records = @($items | Where-Object { $_ -is [TokenMonitor.UsageRecord] })
    $other = @($items | Where-Object { $null -ne $_ -and $_ -isnot [TokenMonitor.BudgetStatus] -and $_ -isnot [TokenMonitor.UsageRecord] })
    if ($other.Count -gt 0) {
        return [pscustomobject]@{
            Succeeded      = $false
            FailureMessage = "Expected usage records or budget statuses, but got $($other[0].GetType().FullName)."
        }
    }

    if ($records.Count -gt 0 -or $statuses.Count -eq 0) {
        $budgetParameters = @{}
        foreach ($name in 'Amount', 'Period', 'TokenLimit', 'RequestLimit', 'Scope', 'BudgetFile', 'Budget', 'AsOf') {
            if ($PSBoundParameters.ContainsKey($name) -and $null -ne $PSBoundParameters[$name]) {
                $budgetParameters[$name] = $PSBoundParameters[$name]
            }
        }

        $statuses += @($records | TokenMonitor\Test-BudgetThreshold @budgetParameters -ErrorAction Stop)
    }

    $breaches = [TokenMonitor.Budgets.BudgetGate]::Breaches([TokenMonitor.BudgetStatus[]] $statuses, $FailOnForecast.IsPresent)
    $within = $breaches.Count -eq 0
    $succeeded = if ($Negate) { -not $within } else { $within }
    $reason = if ($Because) { " because $($Because.TrimEnd('.'))" } else { '' }
    $message = if ($succeeded) { $null }
    elseif ($Negate) { "Expected a budget to be breached$reason, but every budget is within its limits: " + (($statuses | ForEach-Object Message) -join ' ') }
    else { "Expected usage to be within budget$reason, but " + [TokenMonitor.Budgets.BudgetGate]::Explain($breaches) }

    [pscustomobject]@{ Succeeded = $succeeded; FailureMessage = $message }
}

if (Get-Module -Name Pester | Where-Object { $_.Version.Major -ge 5 }) {
    Add-ShouldOperator -Name BeWithinBudget -InternalName 'Should-BeWithinBudget' -Test ${function:Test-TokenBudgetShouldOperator} -SupportsArrayInput
}
