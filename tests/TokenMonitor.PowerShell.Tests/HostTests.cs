using System.Diagnostics;

namespace TokenMonitor.PowerShell.Tests;

/// <summary>tokenmonitor as CI uses it: a real process, its output and its exit code.</summary>
public class HostTests
{
    private static (int Code, string Out, string Err) Tokenmonitor(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(RepoPaths.HostDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "tokenmonitor did not finish");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Command_renders_through_format_views_and_its_last_statement_decides_the_exit_code()
    {
        // As with pwsh -Command: the last statement wrote an error (the sample's malformed line), so $? is false: exit 1.
        var (code, stdout, stderr) = Tokenmonitor("-Command", "Import-UsageLog ./samples -Recurse | Measure-TokenCost -GroupBy Day");
        Assert.Equal(1, code);
        Assert.Matches(@"Day\s+Requests", stdout);
        Assert.Contains("WARNING: 1 entry skipped", stdout);
        Assert.Contains("3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7.jsonl:6", stderr);
    }

    [Fact]
    public void A_command_whose_last_statement_succeeds_exits_zero()
    {
        var (code, stdout, _) = Tokenmonitor("-Command", "$n = (Import-UsageLog ./samples -Recurse -ErrorAction SilentlyContinue).Count; \"records: $n\"");
        Assert.Equal(0, code);
        Assert.Contains("records: 26", stdout);
    }

    [Fact]
    public void Exit_N_is_the_exit_code()
    {
        Assert.Equal(3, Tokenmonitor("-Command", "exit 3").Code);
    }

    [Fact]
    public void A_terminating_error_exits_one_with_the_message_on_stderr()
    {
        var (code, _, stderr) = Tokenmonitor("-Command", "Import-UsageLog ./samples/api | Measure-TokenCost -FallbackModel no-such-model");
        Assert.Equal(1, code);
        Assert.Contains("no-such-model", stderr);
    }

    [Fact]
    public void Throw_exits_one()
    {
        var (code, _, stderr) = Tokenmonitor("-Command", "throw 'over budget'");
        Assert.Equal(1, code);
        Assert.Contains("over budget", stderr);
    }

    [Fact]
    public void File_runs_a_script_with_arguments_and_its_exit_code()
    {
        var script = Path.Combine(Path.GetTempPath(), $"tm-{Guid.NewGuid():N}.ps1");
        File.WriteAllText(script, """
            param([decimal]$Limit)
            $status = Import-UsageLog ./samples -Recurse -ErrorAction SilentlyContinue |
                Test-BudgetThreshold -Amount $Limit -Period Total -AsOf '2026-11-21T00:00:00Z'
            "spent {0:0.00} of {1}" -f $status.Spent, $Limit
            if ($status.Level -eq 'Exceeded') { exit 4 }
            """);
        try
        {
            var over = Tokenmonitor("-File", script, "1");
            Assert.Equal(4, over.Code);
            Assert.Contains("spent", over.Out);
            Assert.Equal(0, Tokenmonitor("-File", script, "100000").Code);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public void Interactive_prompt_reads_commands_until_exit()
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepoPaths.Root, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(RepoPaths.HostDll);
        using var process = Process.Start(start)!;
        process.StandardInput.WriteLine("(Import-UsageLog ./samples/api -Recurse).Count");
        process.StandardInput.WriteLine("exit 7");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000));
        Assert.Equal(7, process.ExitCode);
        Assert.Contains("8", stdout);
    }
}
