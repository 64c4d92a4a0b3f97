# The README's first command runs this script on the sample logs beside it.
# Each result goes to Out-Default on its own, so that each type gets its own table (as at an interactive prompt).
$records = Import-UsageLog "$PSScriptRoot/claude", "$PSScriptRoot/api" -Recurse | Measure-TokenCost

# What each day cost, in UTC.
$records | Measure-TokenCost -GroupBy Day | Out-Default

# A budget of $1 a day, checked as of the evening of 17 November 2026 so that the result never changes.
$status = $records | Test-BudgetThreshold -Name daily -Amount 1 -Period Daily -AsOf '2026-11-17T20:00:00Z'
$status | Out-Default

# An alert for every status at Warning or above.
$status | Send-UsageAlert | Out-Default
