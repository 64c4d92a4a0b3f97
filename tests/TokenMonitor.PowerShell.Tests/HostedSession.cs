using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Pwsh = System.Management.Automation.PowerShell;

namespace TokenMonitor.PowerShell.Tests;

/// <summary>What one script run produced: output objects, each stream, the host's text, and a terminating error.</summary>
internal sealed record RunResult(
    IReadOnlyList<PSObject> Output,
    IReadOnlyList<ErrorRecord> Errors,
    IReadOnlyList<WarningRecord> Warnings,
    IReadOnlyList<VerboseRecord> Verbose,
    string HostText,
    IReadOnlyList<(ConsoleColor Colour, string Text)> ColouredLines,
    RuntimeException? Terminating)
{
    public IEnumerable<T> Objects<T>() => Output.Select(o => o.BaseObject).OfType<T>();
}

/// <summary>
/// A runspace with the assembled module imported through its manifest, as a user's Import-Module would,
/// and the working directory at the repository root so scripts use ./samples like the README.
/// </summary>
internal static class HostedSession
{
    /// <summary>An open runspace like Run's, for tests that drive a pipeline themselves (BeginInvoke, streams).</summary>
    public static Runspace Open(CapturingHost host)
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(RepoPaths.Manifest);
        var runspace = RunspaceFactory.CreateRunspace(host, state);
        runspace.Open();
        runspace.SessionStateProxy.Path.SetLocation(WildcardPattern.Escape(RepoPaths.Root));
        return runspace;
    }

    public static RunResult Run(string script, bool render = false)
    {
        var host = new CapturingHost();
        using var runspace = Open(host);
        using var ps = Pwsh.Create();
        ps.Runspace = runspace;
        ps.AddScript(script);
        if (render) ps.AddCommand("Out-Default");

        RuntimeException? terminating = null;
        var output = new List<PSObject>();
        try
        {
            output.AddRange(ps.Invoke());
        }
        catch (RuntimeException ex)
        {
            terminating = ex;
        }

        return new RunResult(output, [.. ps.Streams.Error], [.. ps.Streams.Warning], [.. ps.Streams.Verbose], host.Text,
            host.ColouredLines, terminating);
    }
}
