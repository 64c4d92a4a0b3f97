#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The same pipeline the xunit suite (tests/TokenMonitor.PowerShell.Tests) runs in the hosted engine, for pwsh users.

BeforeAll {
    $root = Resolve-Path "$PSScriptRoot/../.."
    $modulePath = if ($env:TOKENMONITOR_MODULE) { $env:TOKENMONITOR_MODULE } else { Join-Path $root 'out/TokenMonitor' }
    Import-Module (Join-Path $modulePath 'TokenMonitor.psd1') -Force
    $samples = Join-Path $root 'samples'
    $badFile = Join-Path $samples 'claude/projects/-home-alice-src-api/3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7.jsonl'
    $asOf = [datetimeoffset]'2026-11-17T20:00:00Z'
}

Describe 'Module' {
    It 'has a valid manifest exporting its cmdlets' {
        $manifest = Test-ModuleManifest (Join-Path $modulePath 'TokenMonitor.psd1')
        $manifest.ExportedCmdlets.Keys | Sort-Object | Should -Be @('Assert-TokenBudget', 'Export-UsageReport', 'Find-UsageAnomaly', 'Get-CacheEfficiency', 'Get-ModelPricing', 'Get-UsageBlock', 'Get-UsageRecommendation', 'Get-UsageRecord', 'Get-UsageTrend', 'Import-UsageLog', 'Measure-TokenCost', 'New-AlertChannel', 'New-TokenBudget', 'Remove-UsageRecord', 'Save-UsageRecord', 'Send-UsageAlert', 'Test-BudgetThreshold', 'Update-ModelPricing', 'Watch-TokenUsage')
        $manifest.PowerShellVersion | Should -Be ([version]'7.4')
    }

    It 'has help with a synopsis and examples for <_>' -ForEach @('Import-UsageLog', 'Measure-TokenCost', 'Test-BudgetThreshold', 'New-TokenBudget', 'Assert-TokenBudget', 'Send-UsageAlert', 'New-AlertChannel', 'Save-UsageRecord', 'Get-UsageRecord', 'Remove-UsageRecord', 'Get-UsageBlock', 'Get-CacheEfficiency', 'Get-UsageTrend', 'Find-UsageAnomaly', 'Get-UsageRecommendation', 'Watch-TokenUsage', 'Export-UsageReport') {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 3
    }
}

Describe 'Import-UsageLog' {
    It 'reads every sample and counts each call once' {
        $records = Import-UsageLog $samples -Recurse -ErrorVariable bad -ErrorAction SilentlyContinue -WarningVariable warn -WarningAction SilentlyContinue
        $records | Should -HaveCount 26
        ($records.Key | Select-Object -Unique) | Should -HaveCount 26
        $bad | Should -HaveCount 1
        $warn[0] | Should -BeLike '*1 entry skipped (1 TruncatedLine)*'
    }

    It 'reports a malformed line with file and line and keeps reading' {
        $records = Import-UsageLog -LiteralPath $badFile -ErrorVariable bad -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $records | Should -HaveCount 4
        $bad[0].FullyQualifiedErrorId | Should -Be 'InvalidUsageRecord,TokenMonitor.Commands.ImportUsageLogCommand'
        $bad[0].TargetObject | Should -BeLike '*3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7.jsonl:6'
    }

    It 'binds LiteralPath from Get-ChildItem by property name' {
        $records = Get-ChildItem (Join-Path $samples 'api') -Filter *.json | Import-UsageLog
        $records | Should -HaveCount 4
    }
}

Describe 'Measure-TokenCost' {
    BeforeAll {
        $priced = Import-UsageLog $samples -Recurse -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Measure-TokenCost
    }

    It 'prices every record' {
        $priced | Where-Object { $_.Cost.IsUnknownModel } | Should -BeNullOrEmpty
        ($priced | Where-Object { $_.Model -ne '<synthetic>' -and $_.Cost.Total -le 0 }) | Should -BeNullOrEmpty
    }

    It 'groups by day in a time zone' {
        # Anthropic Messages responses carry no time (their file's last write stands in): leave them out of a dated test.
        ($priced | Where-Object Format -ne 'Anthropic.Message' | Measure-TokenCost -GroupBy Day).Day | ForEach-Object ToString 'yyyy-MM-dd' |
            Should -Be @('2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21')
        ($priced | Where-Object Provider -eq 'Anthropic' | Where-Object Format -eq 'ClaudeCode' | Measure-TokenCost -GroupBy Day -TimeZone Europe/Berlin) | Should -HaveCount 4
    }

    It 'agrees between -Summary and -GroupBy Model' {
        $summary = $priced | Measure-TokenCost -Summary
        $byModel = $priced | Measure-TokenCost -GroupBy Model
        ($byModel | Measure-Object Cost -Sum).Sum | Should -Be $summary.Cost
    }

    It 'prices priority processing at the rates the catalog lists for the model' {
        # gpt-4o-mini per million tokens: standard 0.15 / cached 0.075 / 0.60; priority 0.25 / 0.125 / 1.00 (openai.com/api-priority-processing).
        $calls = 'priority', 'default', 'flex' | ForEach-Object {
            [TokenMonitor.UsageRecord]@{ Timestamp = '2026-11-20T09:00:00Z'; Provider = 'OpenAI'; Model = 'gpt-4o-mini-2024-07-18'; InputTokens = 10000; CacheReadTokens = 20000; OutputTokens = 3000; ServiceTier = $_ }
        }
        $tiers = $calls | Measure-TokenCost
        $tiers.Cost.Total | Should -Be @(0.008d, 0.0048d, 0.0024d)
        $tiers[0].Cost.PriceSource | Should -BeLike '*; priority processing rates'
        $tiers[1].Cost.PriceSource | Should -Not -BeLike '*priority*'
    }

    It 'prices DeepSeek calls at the rates of their hour' {
        # deepseek-flash per million tokens: peak 0.30 / 1.20, off-peak 0.15 / 0.60 outside 01:00-04:00 and 06:00-10:00 UTC on weekdays.
        $calls = '2026-11-24T02:00:00Z', '2026-11-24T05:00:00Z', '2026-11-28T02:00:00Z' | ForEach-Object {
            [TokenMonitor.UsageRecord]@{ Timestamp = $_; Provider = 'DeepSeek'; Model = 'deepseek-flash'; InputTokens = 1000000; OutputTokens = 100000 }
        }
        $priced = $calls | Measure-TokenCost
        $priced.Cost.Total | Should -Be @(0.42d, 0.21d, 0.21d)
        $priced[1].Cost.PriceSource | Should -BeLike '*; off-peak rates'
        ($calls | Measure-TokenCost -Summary).Cost | Should -Be 0.84d
    }

    It 'takes priority rates from a pricing file and refuses a typo inside them by name' {
        $file = Join-Path $TestDrive 'priority-prices.json'
        Set-Content -LiteralPath $file -Value '{"models":[{"id":"gpt-4o-mini","input":0.15,"output":0.60,"cacheRead":0.075,"priority":{"input":0.20,"output":0.80,"cacheRead":0.10},"source":"our agreement"}]}'
        $typo = Join-Path $TestDrive 'priority-typo.json'
        Set-Content -LiteralPath $typo -Value '{"models":[{"id":"gpt-4o-mini","input":0.15,"output":0.60,"priority":{"input":0.25,"outptu":1.00}}]}'
        $call = [TokenMonitor.UsageRecord]@{ Timestamp = '2026-11-20T09:00:00Z'; Provider = 'OpenAI'; Model = 'gpt-4o-mini'; InputTokens = 10000; CacheReadTokens = 20000; OutputTokens = 3000; ServiceTier = 'priority' }
        ($call | Measure-TokenCost -PricingFile $file).Cost.Total | Should -Be 0.0064d
        (Get-ModelPricing gpt-4o-mini -PricingFile $file).Priority.Input | Should -Be 0.20d
        { $call | Measure-TokenCost -PricingFile $typo -ErrorAction Stop } | Should -Throw -ExpectedMessage "*model 'gpt-4o-mini', field 'priority.outptu': not a tier field*"
    }
}

Describe 'Pipeline fusion' {
    # Import-UsageLog hands records straight to an aggregating Measure-TokenCost (src/TokenMonitor.PowerShell/PipelineFusion.cs);
    # the same checks as tests/TokenMonitor.PowerShell.Tests/PipelineFusionTests.cs.
    BeforeAll {
        $unknown = 'claude-nova-9'
        $models = @('claude-sonnet-4-5-20250929', 'claude-opus-4-1-20250805', 'claude-haiku-4-5-20251001', $unknown)

        function New-UsageLine([int] $N, [string] $Model, [datetimeoffset] $At, [string] $Session) {
            $read = if ($N % 3 -eq 0) { 0 } else { 1000 + $N * 37 % 50000 }
            $write = if ($N % 4 -eq 0) { 2000 + $N % 700 } else { 0 }
            '{{"type":"assistant","sessionId":"{0}","timestamp":"{1}","requestId":"req_{2}","message":{{"id":"msg_{2}","type":"message","role":"assistant","model":"{3}","usage":{{"input_tokens":{4},"output_tokens":{5},"cache_read_input_tokens":{6},"cache_creation_input_tokens":{7}}}}}}}' -f
                $Session, $At.UtcDateTime.ToString('yyyy-MM-ddTHH:mm:ss.fffZ', [cultureinfo]::InvariantCulture), $N, $Model, (3 + $N % 17), (40 + $N * 7 % 900), $read, $write
        }

        # Seven days (calls every 29 minutes), four models one of which no catalog knows, copies of calls in a file
        # and in a resumed session's file, one malformed line.
        $fixture = Join-Path $TestDrive 'fusion'
        $project = New-Item -ItemType Directory -Force (Join-Path $fixture 'projects/-home-bob-src-fusion')
        $start = [datetimeoffset]'2026-11-14T21:00:00Z'
        $first = [System.Collections.Generic.List[string]]::new()
        $resumed = [System.Collections.Generic.List[string]]::new()
        foreach ($n in 1..240) {
            $line = New-UsageLine $n $models[$(if ($n % 7 -eq 0) { 3 } else { $n % 3 })] $start.AddMinutes($n * 29) 's1'
            $first.Add($line)
            if ($n % 5 -eq 0) { $first.Add($line) }
            if ($n -gt 200) { $resumed.Add($line) }
        }
        $first.Insert(50, '{"type":"assistant","message":{"usage":')
        foreach ($n in 241..300) { $resumed.Add((New-UsageLine $n $models[$n % 3] $start.AddMinutes($n * 29) 's2')) }
        [System.IO.File]::WriteAllLines((Join-Path $project 's1.jsonl'), $first)
        [System.IO.File]::WriteAllLines((Join-Path $project 's2.jsonl'), $resumed)

        # Runs a script block, its verbose stream kept apart: Output, and Fusion (Import-UsageLog's line saying it handed records over).
        function Invoke-Verbosely([scriptblock] $Script) {
            $all = @(& $Script 4>&1)
            [pscustomobject]@{
                Output = @($all | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
                Fusion = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Records handed straight to Measure-TokenCost*' })
            }
        }

        # Every property of every row as text: keys, counts, money and rates alike.
        function ConvertTo-Row { process { ($_.PSObject.Properties | ForEach-Object { '{0}={1}' -f $_.Name, (@($_.Value) -join ',') }) -join '; ' } }
    }

    It 'hands the records straight to an aggregating Measure-TokenCost' {
        $run = Invoke-Verbosely { Import-UsageLog $samples -Recurse -Verbose -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Measure-TokenCost -GroupBy Day }
        $run.Fusion | Should -HaveCount 1
        $run.Fusion[0].Message | Should -BeLike '*: 26.'
        ($run.Output | Measure-Object Requests -Sum).Sum | Should -Be 26
    }

    It 'gives what the ordinary pipeline gives with <Name>' -ForEach @(
        @{ Name = '-GroupBy Day,Model'; Measure = @{ GroupBy = 'Day', 'Model' } }
        @{ Name = '-GroupBy Week,Provider -TimeZone America/New_York'; Measure = @{ GroupBy = 'Week', 'Provider'; TimeZone = 'America/New_York' } }
        @{ Name = '-Summary'; Measure = @{ Summary = $true } }
    ) {
        foreach ($folder in $samples, $fixture) {
            $import = @{ Path = $folder; Recurse = $true; Verbose = $true; ErrorAction = 'SilentlyContinue'; WarningAction = 'SilentlyContinue' }
            $fused = Invoke-Verbosely { Import-UsageLog @import | Measure-TokenCost @Measure -WarningAction SilentlyContinue }
            $ordinary = Invoke-Verbosely { Import-UsageLog @import | ForEach-Object { $_ } | Measure-TokenCost @Measure -WarningAction SilentlyContinue }
            $fused.Fusion | Should -HaveCount 1
            $ordinary.Fusion | Should -HaveCount 0
            $fused.Output | Should -Not -BeNullOrEmpty
            @($fused.Output | ConvertTo-Row) | Should -Be @($ordinary.Output | ConvertTo-Row)
        }
    }

    It 'evaluates budgets from records handed straight over: <Name>' -ForEach @(
        @{ Name = 'daily, every window'; Test = @{ Amount = 0.5; Period = 'Daily'; AllPeriods = $true } }
        @{ Name = 'monthly with a token quota'; Test = @{ Amount = 20; Period = 'Monthly'; TokenLimit = 5000000 } }
        @{ Name = 'rolling 5h, one model'; Test = @{ Amount = 2; Period = 'Rolling'; Window = '5h'; Scope = 'model:claude-sonnet*'; AllPeriods = $true } }
    ) {
        $import = @{ Path = $fixture; Recurse = $true; Verbose = $true; ErrorAction = 'SilentlyContinue'; WarningAction = 'SilentlyContinue' }
        $asOf = [datetimeoffset]'2026-11-21T12:00:00Z'
        $all = @(Import-UsageLog @import | Test-BudgetThreshold @Test -AsOf $asOf 4>&1)
        $fused = @($all | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Records handed straight to Test-BudgetThreshold*: 300.' }) | Should -HaveCount 1
        $ordinary = @(Import-UsageLog @import | ForEach-Object { $_ } | Test-BudgetThreshold @Test -AsOf $asOf 4>$null)
        $fused | Should -Not -BeNullOrEmpty
        @($fused | ConvertTo-Row) | Should -Be @($ordinary | ConvertTo-Row)
    }

    It 'still fails a fused gate on a breach' {
        { Import-UsageLog $fixture -Recurse -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Assert-TokenBudget -Amount 0.01 -Period Total -AsOf '2026-11-21T12:00:00Z' -ErrorAction Stop } |
            Should -Throw -ErrorId 'BudgetExceeded,TokenMonitor.Commands.AssertTokenBudgetCommand'
    }

    It 'totals the generated folder: duplicates merged, the unknown model unpriced' {
        $run = Invoke-Verbosely { Import-UsageLog $fixture -Recurse -Verbose -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Measure-TokenCost -GroupBy Day, Model -WarningAction SilentlyContinue }
        $run.Fusion[0].Message | Should -BeLike '*: 300.'
        @($run.Output.Day | Select-Object -Unique) | Should -HaveCount 7
        @($run.Output.Model | Select-Object -Unique) | Should -HaveCount 4
        ($run.Output | Measure-Object Requests -Sum).Sum | Should -Be 300
        ($run.Output | Measure-Object UnpricedRequests -Sum).Sum | Should -Be 34

        # Import-UsageLog still writes the malformed line as an error while it hands the records over.
        $null = Import-UsageLog $fixture -Recurse -ErrorVariable bad -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Measure-TokenCost -Summary -WarningAction SilentlyContinue
        $bad | Should -HaveCount 1
        $bad[0].FullyQualifiedErrorId | Should -Be 'InvalidUsageRecord,TokenMonitor.Commands.ImportUsageLogCommand'
    }

    It 'warns once about the unknown model, from Measure-TokenCost, and obeys its -WarningAction' {
        $rows = Import-UsageLog $fixture -Recurse -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Measure-TokenCost -GroupBy Day -WarningVariable w -WarningAction SilentlyContinue
        $rows | Should -HaveCount 7
        $w | Should -HaveCount 1
        $w[0].Message | Should -BeLike "No price is known for model '$unknown' (first seen in *"

        $shown = & { Import-UsageLog $fixture -Recurse -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Measure-TokenCost -GroupBy Day } 3>&1
        @($shown | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }) | Should -HaveCount 1

        { Import-UsageLog $fixture -Recurse -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Measure-TokenCost -GroupBy Day -WarningAction Stop } | Should -Throw
    }

    It 'keeps the ordinary pipeline with <Name> on Import-UsageLog' -ForEach @(
        @{ Name = '-OutVariable'; Common = @{ OutVariable = 'v' } }
        @{ Name = '-PipelineVariable'; Common = @{ PipelineVariable = 'v' } }
        @{ Name = '-OutBuffer'; Common = @{ OutBuffer = 10 } }
    ) {
        $run = Invoke-Verbosely { Import-UsageLog $samples -Recurse -Verbose -ErrorAction SilentlyContinue -WarningAction SilentlyContinue @Common | Measure-TokenCost -GroupBy Day }
        $run.Fusion | Should -HaveCount 0
        ($run.Output | Measure-Object Requests -Sum).Sum | Should -Be 26
    }

    It 'fills -OutVariable of Import-UsageLog with the records' {
        $null = Import-UsageLog $samples -Recurse -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -OutVariable v | Measure-TokenCost -GroupBy Day
        $v | Should -HaveCount 26
        $v[0] | Should -BeOfType ([TokenMonitor.UsageRecord])
    }

    It "keeps a function's -OutVariable when Import-UsageLog ends the function" {
        function Get-Usage { [CmdletBinding()] param() Import-UsageLog $samples -Recurse -ErrorAction SilentlyContinue -WarningAction SilentlyContinue }
        $null = Get-Usage -OutVariable v | Measure-TokenCost -GroupBy Day
        $v | Should -HaveCount 26
    }

    It 'passes priced records on without -GroupBy' {
        $run = Invoke-Verbosely { Import-UsageLog (Join-Path $samples 'api') -Verbose | Measure-TokenCost }
        $run.Fusion | Should -HaveCount 0
        $run.Output | Should -HaveCount 8
        $run.Output | ForEach-Object { $_ | Should -BeOfType ([TokenMonitor.UsageRecord]); $_.Cost.Total | Should -BeGreaterThan 0 }
    }
}

Describe 'Test-BudgetThreshold and Send-UsageAlert' {
    It 'flows through all four stages' {
        $results = Import-UsageLog $samples -Recurse -ErrorAction SilentlyContinue -WarningAction SilentlyContinue |
            Measure-TokenCost |
            Test-BudgetThreshold -Amount 1 -Period Daily -AsOf $asOf |
            Send-UsageAlert -MinimumLevel Info
        $results | Should -HaveCount 1
        $results.Status | Should -Be 'Sent'
        $results.Level | Should -Be 'Exceeded'
    }

    It 'sends nothing under -WhatIf' {
        $results = Import-UsageLog $samples -Recurse -ErrorAction SilentlyContinue -WarningAction SilentlyContinue |
            Test-BudgetThreshold -Amount 1 -Period Daily -AsOf $asOf |
            Send-UsageAlert -WhatIf
        $results | Should -BeNullOrEmpty
    }

    It 'binds Level and Message by property name' {
        $result = [pscustomobject]@{ Level = 'Critical'; Message = 'Latency doubled'; Budget = 'ops' } | Send-UsageAlert
        $result.Budget | Should -Be 'ops'
        $result.Level | Should -Be 'Critical'
    }

    It 'lists every period with -AllPeriods' {
        $statuses = Import-UsageLog (Join-Path $samples 'claude'), (Join-Path $samples 'api/openai-*') -Recurse -ErrorAction SilentlyContinue -WarningAction SilentlyContinue |
            Test-BudgetThreshold -Amount 5 -Period Daily -AllPeriods -AsOf '2026-11-23T12:00:00Z'
        $statuses | Should -HaveCount 7
        $statuses[-1].IsCurrent | Should -BeTrue
    }
}

Describe 'Budgets' {
    BeforeAll {
        # Anthropic Messages responses carry no time (their file's last write stands in), so they stay out of dated tests.
        $dated = Import-UsageLog (Join-Path $samples 'claude'), (Join-Path $samples 'api/openai-*') -Recurse -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $at = [datetimeoffset]'2026-11-20T12:00:00Z'
    }

    It 'spends on a scoped budget what Measure-TokenCost reports for that scope' {
        $anthropic = ($dated | Measure-TokenCost -GroupBy Provider | Where-Object Provider -eq 'Anthropic').Cost
        $status = $dated | Test-BudgetThreshold -Amount 100 -Period Total -Scope 'provider:anthropic' -AsOf '2026-11-23T12:00:00Z'
        $status.Spent | Should -Be $anthropic
        $status.Scope | Should -Be 'provider:anthropic'
    }

    It 'cuts rolling windows written as 5h' {
        $statuses = $dated | Test-BudgetThreshold -Amount 1 -Period Rolling -Window 5h -AllPeriods -AsOf $at
        $statuses.Count | Should -BeGreaterOrEqual 3
        $statuses | ForEach-Object { $_.Window | Should -Be ([timespan]'05:00:00') }
    }

    It 'takes budgets from New-TokenBudget, pipes and files' {
        $json = Join-Path $TestDrive 'budgets.json'
        Set-Content $json '{ "budgets": [ { "name": "from-json", "amount": 3, "period": "Weekly", "scope": "provider:anthropic" } ] }'
        $psd1 = Join-Path $TestDrive 'budgets.psd1'
        Set-Content $psd1 "@{ Budgets = @( @{ Name = 'from-psd1'; TokenLimit = 100000; Period = 'Total' } ) }"
        $passed = New-TokenBudget -Name passed -Amount 1 -Period Daily
        $piped = New-TokenBudget -Name piped -RequestLimit 5 -Period Monthly
        $statuses = $dated | Test-BudgetThreshold -Budget $passed, $piped -BudgetFile $json, $psd1 -Amount 2 -Name params -AsOf $at
        $statuses.Budget | Should -Be @('params', 'passed', 'piped', 'from-json', 'from-psd1')
        (@($piped) + $dated | Test-BudgetThreshold -AsOf $at).Level | Should -Be 'Exceeded'
    }

    It 'rejects a budget file with a typo, naming file, budget and field' {
        $json = Join-Path $TestDrive 'typo.json'
        Set-Content $json '{ "budgets": [ { "name": "team", "amout": 200 } ] }'
        { $dated | Test-BudgetThreshold -BudgetFile $json } | Should -Throw -ErrorId 'InvalidBudgetFile*' -ExpectedMessage "*budget 'team': 'amout': unknown field; did you mean 'amount'?"
    }

    It 'answers -Quiet with <within> for <budget>' -ForEach @(
        @{ budget = @{ Amount = 1000 }; within = $true }
        @{ budget = @{ Amount = 1 }; within = $false }
        @{ budget = @{ Amount = 3; IncludeForecast = $true }; within = $false }
    ) {
        $dated | Test-BudgetThreshold @budget -Period Monthly -Quiet -AsOf $at | Should -Be $within
    }

    It 'fails a CI gate with which budget, how much over and since when' {
        { $dated | Test-BudgetThreshold -Name team -Amount 1 -Period Monthly -FailOnExceeded -AsOf $at } |
            Should -Throw -ErrorId 'BudgetExceeded*' -ExpectedMessage "Budget 'team' (monthly period starting 2026-11-01 00:00 UTC) is exceeded since 2026-11-17 *"
        { $dated | Test-BudgetThreshold -Amount 3 -Period Monthly -FailOnForecast -AsOf $at } | Should -Throw -ErrorId 'BudgetForecastToExceed*'
    }

    It 'asserts within It blocks' {
        { $dated | Assert-TokenBudget -Amount 1000 -Period Monthly -AsOf $at } | Should -Not -Throw
        { $dated | Assert-TokenBudget -Amount 1 -Period Monthly -AsOf $at } | Should -Throw -ErrorId 'BudgetExceeded*'
    }

    It 'offers Should -BeWithinBudget' {
        $dated | Should -BeWithinBudget -Amount 1000 -Period Monthly -AsOf $at
        $dated | Should -Not -BeWithinBudget -Amount 1 -Period Monthly -AsOf $at
        { $dated | Should -BeWithinBudget -Amount 1 -Period Monthly -AsOf $at -Because 'CI keeps costs down' } |
            Should -Throw -ExpectedMessage 'Expected usage to be within budget because CI keeps costs down, but *'
        $dated | Test-BudgetThreshold -Amount 1000 -Period Monthly -AsOf $at | Should -BeWithinBudget
    }
}

Describe 'Analytics' {
    # The same checks as tests/TokenMonitor.PowerShell.Tests/AnalyticsCmdletTests.cs.
    BeforeAll {
        $claude = Import-UsageLog (Join-Path $samples 'claude') -Recurse -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
    }

    It 'cuts 5-hour windows with the busiest as the limit' {
        $blocks = $claude | Get-UsageBlock -TokenLimit max -AsOf '2026-11-18T23:59:00Z'
        $blocks | Should -HaveCount 5
        ($blocks | Where-Object IsGap) | Should -HaveCount 2
        ($blocks | Measure-Object Requests -Sum).Sum | Should -Be 13
        $blocks[-1].IsActive | Should -BeTrue
        $blocks[-1].Level | Should -Be 'Warning'
    }

    It 'binds blocks and anomalies to Send-UsageAlert by property name' {
        $result = $claude | Get-UsageBlock -Active -TokenLimit 100000 -AsOf '2026-11-18T23:59:00Z' | Send-UsageAlert
        $result.Budget | Should -Be '5h window 2026-11-18 23:00'
        $claude | Find-UsageAnomaly -Metric Cost -MinimumPeriods 3 -NoSeasonality | Send-UsageAlert -MinimumLevel Info | Should -Not -BeNullOrEmpty
    }

    It 'prices unpriced records as Measure-TokenCost does' {
        ($claude | Get-CacheEfficiency -GroupBy Provider).Savings | Should -Be ($claude | Measure-TokenCost -Summary).CacheSavings
    }

    It 'writes a daily series with a forecast' {
        $series = $claude | Get-UsageTrend -AsSeries -ForecastPeriods 2
        $series | Should -HaveCount 7
        ($series | Where-Object IsForecast) | Should -HaveCount 2
    }

    It 'ends with InvalidTimeZone for a bad zone' {
        { $claude | Get-UsageTrend -TimeZone Mars/Olympus -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidTimeZone,TokenMonitor.Commands.GetUsageTrendCommand'
    }

    It 'recommends savings largest first' {
        $recommendations = Import-UsageLog $samples -Recurse -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Get-UsageRecommendation
        $recommendations | Should -Not -BeNullOrEmpty
        $recommendations[0].EstimatedSavings | Should -Be ($recommendations | Measure-Object EstimatedSavings -Maximum).Maximum
    }

    It 'watches a folder once and writes a snapshot' {
        $snapshot = Watch-TokenUsage (Join-Path $samples 'claude') -Once -PassThru -TokenLimit max
        $snapshot.TotalRecords | Should -Be 18
        $snapshot.Refresh | Should -Be 1
    }

    It 'writes a self-contained HTML report with drawn charts' {
        $file = Join-Path ([System.IO.Path]::GetTempPath()) "tm-$([guid]::NewGuid()).html"
        Import-UsageLog $samples -Recurse -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Export-UsageReport -Path $file -Amount 5 | Should -Not -BeNullOrEmpty
        $html = Get-Content $file -Raw
        $html | Should -Not -Match '<script'
        ([regex]::Matches($html, '<svg id=')).Count | Should -Be 4
        Remove-Item $file
    }
}

Describe 'Save-UsageRecord, Get-UsageRecord and Remove-UsageRecord' {
    BeforeEach {
        $db = Join-Path ([System.IO.Directory]::CreateTempSubdirectory('tm-pester-').FullName) 'usage.db'
        $read = { Import-UsageLog $samples -Recurse -ErrorAction SilentlyContinue -WarningAction SilentlyContinue }
    }

    It 'stores each call once however often the logs are imported' {
        & $read | Save-UsageRecord -ConnectionString $db
        & $read | Save-UsageRecord -ConnectionString $db
        Get-UsageRecord -ConnectionString $db | Should -HaveCount 26
    }

    It 'writes nothing under -WhatIf and passes records on with -PassThru' {
        & $read | Save-UsageRecord -ConnectionString $db -WhatIf
        Test-Path $db | Should -BeFalse
        & $read | Save-UsageRecord -ConnectionString $db -PassThru | Should -HaveCount 26
    }

    It 'gives back records that price as the logs do' {
        & $read | Save-UsageRecord -ConnectionString $db
        $direct = & $read | Measure-TokenCost -GroupBy Day
        $stored = Get-UsageRecord -ConnectionString $db | Measure-TokenCost -GroupBy Day
        ($stored | Measure-Object Cost -Sum).Sum | Should -Be ($direct | Measure-Object Cost -Sum).Sum
        ($stored | Measure-Object TotalTokens -Sum).Sum | Should -Be ($direct | Measure-Object TotalTokens -Sum).Sum
    }

    It 'filters with wildcards' {
        & $read | Save-UsageRecord -ConnectionString $db
        $expected = @(& $read | Where-Object Model -like 'claude-sonnet*').Count
        Get-UsageRecord -Model 'CLAUDE-SONNET*' -ConnectionString $db | Should -HaveCount $expected
    }

    It 'removes older records only, after -WhatIf changed nothing' {
        & $read | Save-UsageRecord -ConnectionString $db
        Remove-UsageRecord -Before '2026-11-17T00:00:00Z' -ConnectionString $db -WhatIf
        Get-UsageRecord -ConnectionString $db | Should -HaveCount 26
        Remove-UsageRecord -Before '2026-11-17T00:00:00Z' -ConnectionString $db -Confirm:$false
        Get-UsageRecord -Until '2026-11-17T00:00:00Z' -ConnectionString $db | Should -BeNullOrEmpty
    }

    It 'reads only what is new with -Incremental' {
        Import-UsageLog $samples -Recurse -Incremental -ConnectionString $db -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Save-UsageRecord -ConnectionString $db
        Import-UsageLog $samples -Recurse -Incremental -ConnectionString $db -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'never shows a password from the connection string' {
        $secret = 'Pester-Secret-42'
        { Get-UsageRecord -ConnectionString "Host=127.0.0.1;Port=1;Username=x;Password=$secret;Timeout=2" -ErrorAction Stop } |
            Should -Throw -ErrorId 'UsageStoreUnavailable,TokenMonitor.Commands.GetUsageRecordCommand' -ExpectedMessage '*password=`*`*`*`*`*`*`*`**'
        try { Get-UsageRecord -ConnectionString "Host=127.0.0.1;Port=1;Username=x;Password=$secret;Timeout=2" -ErrorAction Stop } catch { "$_" | Should -Not -BeLike "*$secret*" }
    }
}

Describe 'New-AlertChannel and once-only alerts' {
    # The same checks as tests/TokenMonitor.PowerShell.Tests/AlertCmdletTests.cs, without a loopback HTTP server.
    BeforeEach {
        $folder = [System.IO.Directory]::CreateTempSubdirectory('tm-pester-alerts-').FullName
        $db = Join-Path $folder 'usage.db'
        $log = Join-Path $folder 'alerts.jsonl'
        $status = Import-UsageLog (Join-Path $samples 'claude') -Recurse -ErrorAction SilentlyContinue -WarningAction SilentlyContinue |
            Test-BudgetThreshold 2.5 -AsOf '2026-11-20T18:00:00Z'
    }

    AfterEach {
        Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'shows a Slack address as scheme and host only' {
        $channel = New-AlertChannel -Slack 'https://hooks.slack.com/services/T000/B000/SecretToken123' -Name team -MinimumLevel Critical
        $channel.Target | Should -Be 'https://hooks.slack.com/…'
        ($channel | Out-String) | Should -Not -BeLike '*SecretToken123*'
    }

    It 'sends once per budget, period and level, then -Force sends again' {
        $file = New-AlertChannel -Path $log
        ($status | Send-UsageAlert -Channel $file -ConnectionString $db).Status | Should -Be 'Sent'
        $again = $status | Send-UsageAlert -Channel $file -ConnectionString $db
        $again.Status | Should -Be 'Suppressed'
        $again.Reason | Should -BeLike 'already sent at *'
        ($status | Send-UsageAlert -Channel $file -ConnectionString $db -Force).Status | Should -Be 'Sent'
        Get-Content $log | Should -HaveCount 2
    }

    It 'honours each channel''s minimum level and -Cooldown' {
        $quiet = New-AlertChannel -Path (Join-Path $folder 'quiet.jsonl') -Name quiet -MinimumLevel Exceeded
        $results = $status | Send-UsageAlert -Channel $quiet, (New-AlertChannel -Path $log) -ConnectionString $db -Cooldown 1h
        $results | Should -HaveCount 1
        $results.Channel | Should -Be 'File'
    }

    It 'sends and records nothing under -WhatIf' {
        $status | Send-UsageAlert -Channel (New-AlertChannel -Path $log) -ConnectionString $db -WhatIf | Should -BeNullOrEmpty
        Test-Path $log | Should -BeFalse
        Test-Path $db | Should -BeFalse
    }

    It 'reads channels from the budget file and names the field at fault' {
        $budgets = Join-Path $folder 'budgets.json'
        Set-Content $budgets '{ "budgets": [], "channels": [ { "name": "ops", "type": "slak" } ] }'
        { Send-UsageAlert -Level Critical -Message m -BudgetFile $budgets -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidChannelFile,TokenMonitor.Commands.SendUsageAlertCommand' -ExpectedMessage "*channel 'ops': 'type'*"
    }
}
