#Requires -Version 7.4
<#
.SYNOPSIS
    Builds TokenMonitor, assembles the module in out/TokenMonitor, and runs its tests.
.DESCRIPTION
    Build: dotnet build (which assembles out/TokenMonitor: manifest, views, MAML help, assemblies).
    Test: Build, then the xunit suites, then the Pester suite in a fresh pwsh when Pester 5 is installed.
    Package: Build, then out/TokenMonitor.<ModuleVersion>.nupkg, the package the PowerShell Gallery takes
    (dotnet msbuild src/TokenMonitor.PowerShell -t:PackageModule does the same without pwsh).
    Every step is also a plain dotnet command, so machines without pwsh lose nothing (see README.md).
.EXAMPLE
    ./build.ps1 -Task Test -Configuration Release
.EXAMPLE
    ./build.ps1 -Task Package -Configuration Release
#>
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string]$Configuration = 'Debug',

    [ValidateSet('Build', 'Test', 'Pester', 'Package', 'Clean')]
    [string]$Task = 'Test'
)

$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$module = Join-Path $root 'out/TokenMonitor'

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-Pester5 {
    $pester = Get-Module -ListAvailable Pester | Where-Object { $_.Version -ge [version]'5.0' } | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $pester) {
        Write-Warning 'Pester 5 is not installed (Install-Module Pester -MinimumVersion 5.0); skipping tests/Pester.'
        return
    }
    # A fresh process: a loaded module DLL cannot be unloaded, so each run starts clean.
    $script = @"
Import-Module Pester -RequiredVersion $($pester.Version)
`$config = New-PesterConfiguration
`$config.Run.Path = '$root/tests/Pester'
`$config.Run.Exit = `$true
`$config.Output.Verbosity = 'Detailed'
`$env:TOKENMONITOR_MODULE = '$module'
Invoke-Pester -Configuration `$config
"@
    & pwsh -NoProfile -NonInteractive -Command $script
    if ($LASTEXITCODE -ne 0) { throw "Pester failed with exit code $LASTEXITCODE" }
}

switch ($Task) {
    'Clean' {
        Remove-Item -Recurse -Force (Join-Path $root 'out') -ErrorAction SilentlyContinue
        Invoke-Dotnet clean (Join-Path $root 'TokenMonitor.sln') -c $Configuration
    }
    'Build' {
        Invoke-Dotnet build (Join-Path $root 'TokenMonitor.sln') -c $Configuration
        Write-Host "Module assembled in $module"
    }
    'Pester' {
        Invoke-Pester5
    }
    'Package' {
        # One target for both ways in: the version, id and tags come from module/TokenMonitor.psd1.
        Invoke-Dotnet msbuild (Join-Path $root 'src/TokenMonitor.PowerShell/TokenMonitor.PowerShell.csproj') -restore -t:PackageModule "-p:Configuration=$Configuration" -nologo -v:m
        Get-ChildItem (Join-Path $root 'out') -Filter 'TokenMonitor.*.nupkg' | Sort-Object LastWriteTime | Select-Object -Last 1 | ForEach-Object { Write-Host "Package: $($_.FullName)" }
    }
    'Test' {
        Invoke-Dotnet build (Join-Path $root 'TokenMonitor.sln') -c $Configuration
        Invoke-Dotnet test (Join-Path $root 'TokenMonitor.sln') -c $Configuration --no-build
        Invoke-Pester5
    }
}
