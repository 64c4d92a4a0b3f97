namespace TokenMonitor.PowerShell.Tests;

/// <summary>
/// Every example of every exported cmdlet's help, as Get-Help shows it, run as written in the hosted engine over the
/// samples and rendered through the default views: an example that fails is a bug in the help or in the cmdlet.
/// Examples may point TOKENMONITOR_HOME at a temporary folder (Save-UsageRecord's do); each runs with a fresh one and
/// the process environment is restored after it, which is why this class is in the serialized collection.
/// Left out, by their title: examples for Pester ("needs Pester", which tests/Pester runs), and examples that need
/// something of the reader's own ("needs your server", "needs network", "your logs").
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public class HelpExampleTests
{
    private static readonly string[] NotRunnableHere = ["needs Pester", "needs your server", "needs network", "your logs"];
    private static readonly string[] Variables = ["TOKENMONITOR_HOME", "TOKENMONITOR_STORE"];

    /// <summary>The samples' one deliberately cut-off line: examples that read it without silencing it show this error on purpose.</summary>
    private static bool IsTheSamplesBadLine(System.Management.Automation.ErrorRecord error) =>
        error.FullyQualifiedErrorId.StartsWith("InvalidUsageRecord,", StringComparison.Ordinal)
        && error.TargetObject?.ToString()?.EndsWith("3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7.jsonl:6", StringComparison.Ordinal) == true;

    public static TheoryData<string, string, string> Examples()
    {
        var run = HostedSession.Run("""
            foreach ($name in (Get-Module TokenMonitor).ExportedCmdlets.Keys) {
                foreach ($example in @((Get-Help $name -Full).Examples.Example)) {
                    $name; $example.Title.Trim('- '); $example.Code
                }
            }
            """);
        var data = new TheoryData<string, string, string>();
        for (var i = 0; i + 2 < run.Output.Count; i += 3)
        {
            var title = run.Output[i + 1].ToString();
            if (NotRunnableHere.Any(reason => title.Contains(reason, StringComparison.OrdinalIgnoreCase))) continue;
            data.Add(run.Output[i].ToString(), title, run.Output[i + 2].ToString());
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Examples))]
    public void Help_example_runs_as_written(string cmdlet, string title, string code)
    {
        var script = string.Join("\n", code.Split('\n').Select(line => line.StartsWith("PS> ", StringComparison.Ordinal) ? line[4..] : line));
        var saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
        var home = Directory.CreateTempSubdirectory("tm-example-").FullName;
        RunResult run;
        try
        {
            Environment.SetEnvironmentVariable("TOKENMONITOR_HOME", home);
            Environment.SetEnvironmentVariable("TOKENMONITOR_STORE", null);
            run = HostedSession.Run(script, render: true);
        }
        finally
        {
            foreach (var (name, value) in saved) Environment.SetEnvironmentVariable(name, value);
            Directory.Delete(home, recursive: true);
        }

        var errors = run.Errors.Where(e => !IsTheSamplesBadLine(e)).ToList();
        Assert.True(run.Terminating is null, $"{cmdlet} {title}\n{script}\n{run.Terminating}");
        Assert.True(errors.Count == 0, $"{cmdlet} {title}\n{script}\n{string.Join("\n", errors)}");
        if (script.Contains("-WhatIf", StringComparison.Ordinal)) Assert.Contains("What if:", run.HostText);
    }
}
