namespace TokenMonitor.PowerShell.Tests;

/// <summary>
/// Tests that set environment variables (TOKENMONITOR_HOME, TOKENMONITOR_STORE), which are process-wide: xunit runs this
/// collection on its own, after the parallel ones, so no other test reads a data folder one of these pointed elsewhere.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "Process environment";
}
