using System.Management.Automation;
using System.Management.Automation.Language;

namespace TokenMonitor.Host;

/// <summary>A plain read-eval-print loop: 'PS path> ', continuation lines for incomplete input, 'exit' to leave.</summary>
internal static class InteractiveShell
{
    public static int Run(ScriptRunner runner, ConsoleHost host)
    {
        host.UI.WriteLine("TokenMonitor shell. Try: Get-Command -Module TokenMonitor, Get-Help Import-UsageLog. Type exit to leave.");
        while (!host.ShouldExit)
        {
            host.UI.Write($"PS {runner.Runspace.SessionStateProxy.Path.CurrentLocation}> ");
            var input = Console.ReadLine();
            if (input is null) break;
            while (IsIncomplete(input))
            {
                host.UI.Write(">> ");
                var more = Console.ReadLine();
                if (more is null) break;
                input += Environment.NewLine + more;
            }

            if (string.IsNullOrWhiteSpace(input)) continue;
            runner.RunCommand(input);
        }

        return host.ShouldExit ? host.ExitCode : 0;
    }

    private static bool IsIncomplete(string input)
    {
        Parser.ParseInput(input, out _, out var errors);
        return errors.Any(e => e.IncompleteInput);
    }
}
