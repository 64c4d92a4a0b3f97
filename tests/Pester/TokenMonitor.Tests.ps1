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
    It 'has a valid manifest exporting the four cmdlets' {
        $manifest = Test-ModuleManifest (Join-Path $modulePath 'TokenMonitor.psd1')
        $manifest.ExportedCmdlets.Keys | Sort-Object | Should -Be @('Get-ModelPricing', 'Get-UsageRecord', 'Import-UsageLog', 'Measure-TokenCost', 'Remove-UsageRecord', 'Save-UsageRecord', 'Send-UsageAlert', 'Test-BudgetThreshold', 'Update-ModelPricing')
        $manifest.PowerShellVersion | Should -Be ([version]'7.4')
    }

    It 'has help with a synopsis and examples for <_>' -ForEach @('Import-UsageLog', 'Measure-TokenCost', 'Test-BudgetThreshold', 'Send-UsageAlert', 'Save-UsageRecord', 'Get-UsageRecord', 'Remove-UsageRecord') {
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
