@{
    RootModule           = 'TokenMonitor.PowerShell.dll'
    # The loader comes first: it lets the cmdlet assembly find the engine and its libraries in dependencies/, loaded
    # into the module's own AssemblyLoadContext (README, "Dependency isolation").
    NestedModules        = @('TokenMonitor.Loader.dll', 'TokenMonitor.Pester.psm1')
    ModuleVersion        = '0.1.0'
    GUID                 = '6f1c7d2e-8a4b-4f0e-9c3d-2b5a7e9f1d04'
    Author               = 'TokenMonitor contributors'
    CompanyName          = 'TokenMonitor'
    Copyright            = '(c) TokenMonitor contributors. MIT License.'
    Description          = 'Shows what LLM tokens cost and stops overspending: reads Claude Code, OpenAI and Anthropic usage logs, prices every call from a dated catalog, checks budgets with forecasts, and sends alerts.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    CmdletsToExport      = @(
        'Import-UsageLog'
        'Measure-TokenCost'
        'Get-ModelPricing'
        'Update-ModelPricing'
        'Test-BudgetThreshold'
        'New-TokenBudget'
        'Assert-TokenBudget'
        'Send-UsageAlert'
        'New-AlertChannel'
        'Get-UsageBlock'
        'Get-CacheEfficiency'
        'Get-UsageTrend'
        'Find-UsageAnomaly'
        'Get-UsageRecommendation'
        'Watch-TokenUsage'
        'Export-UsageReport'
        'Save-UsageRecord'
        'Get-UsageRecord'
        'Remove-UsageRecord'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    FormatsToProcess     = @('TokenMonitor.Format.ps1xml')
    TypesToProcess       = @('TokenMonitor.Types.ps1xml')
    PrivateData          = @{
        PSData = @{
            Tags         = @('LLM', 'tokens', 'cost', 'budget', 'Claude', 'OpenAI', 'Anthropic', 'Gemini', 'ccusage', 'FinOps', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://github.com/tokenmonitor/TokenMonitor/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/tokenmonitor/TokenMonitor'
            ReleaseNotes = 'https://github.com/tokenmonitor/TokenMonitor/blob/main/CHANGELOG.md'
        }
    }
}
