using System.Diagnostics;

namespace TokenMonitor.PowerShell.Tests;

/// <summary>tokenmonitor as CI uses it: a real process, its output and its exit code.</summary>
public class HostTests
{
    private static (int Code, string Out, string Err) Tokenmonitor(params string[] args) => TokenmonitorProcess.Run(args);

    private static (int Code, string Out, string Err) TokenmonitorWith(Dictionary<string, string> environment, params string[] args) =>
        TokenmonitorProcess.Run(environment, args);

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
    public void Without_a_path_the_claude_and_codex_folders_are_read()
    {
        var home = Path.Combine(RepoPaths.Root, "samples", "claude");
        var codexHome = Path.Combine(Path.GetTempPath(), $"tm-nocodex-{Guid.NewGuid():N}");
        var (code, stdout, _) = TokenmonitorWith(new() { ["CLAUDE_CONFIG_DIR"] = home, ["CODEX_HOME"] = codexHome, ["GEMINI_DATA_DIR"] = codexHome },
            "-Command", "(Import-UsageLog -ErrorAction SilentlyContinue).Count");
        Assert.Equal(0, code);
        Assert.Contains("18", stdout);
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

    private static (int Code, string Out, string Err) RunScript(string body, params string[] args)
    {
        var script = Path.Combine(Path.GetTempPath(), $"tm-{Guid.NewGuid():N}.ps1");
        File.WriteAllText(script, body);
        try
        {
            return Tokenmonitor(["-File", script, .. args]);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public void File_binds_named_and_switch_arguments_as_pwsh_does()
    {
        var (code, stdout, _) = RunScript("""
            param([decimal]$Limit, [switch]$Strict, [string]$Label = 'none')
            "limit=$Limit strict=$Strict label=$Label script=$([System.IO.Path]::GetFileName($PSCommandPath))"
            """, "-Limit", "200", "-Strict", "-Label:nightly");
        Assert.Equal(0, code);
        Assert.Contains("limit=200 strict=True label=nightly script=tm-", stdout);
    }

    [Fact]
    public void Only_the_script_s_own_exit_sets_the_exit_code()
    {
        var inner = Path.Combine(Path.GetTempPath(), $"tm-inner-{Guid.NewGuid():N}.ps1");
        File.WriteAllText(inner, "exit 5");
        try
        {
            // A called script's exit, or a failing native command, leaves $LASTEXITCODE but not the host's code.
            var nested = RunScript($"& '{inner}'; \"inner said $LASTEXITCODE\"");
            Assert.Equal(0, nested.Code);
            Assert.Contains("inner said 5", nested.Out);
            Assert.Equal(0, RunScript("/bin/false; 'done'").Code);
            Assert.Equal(6, RunScript($"& '{inner}'; exit 6").Code);
        }
        finally
        {
            File.Delete(inner);
        }
    }

    [Fact]
    public void A_script_ending_in_a_terminating_error_exits_one()
    {
        var (code, stdout, stderr) = RunScript("'before'; throw 'over budget'; 'never'");
        Assert.Equal(1, code);
        Assert.Contains("before", stdout);
        Assert.DoesNotContain("never", stdout);
        Assert.Contains("over budget", stderr);
    }

    [Fact]
    public void A_module_that_does_not_load_is_an_error_not_silence()
    {
        var folder = Directory.CreateTempSubdirectory("tm-badmodule-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "TokenMonitor.psd1"), $"@{{ RootModule = 'Missing.dll'; ModuleVersion = '1.0'; GUID = '{Guid.NewGuid()}' }}");
            var (code, stdout, stderr) = Tokenmonitor("-Module", folder, "-Command", "'hello'");
            Assert.Equal(2, code);
            Assert.DoesNotContain("hello", stdout);
            Assert.Contains("did not load", stderr);
        }
        finally
        {
            Directory.Delete(folder, true);
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
        Assert.Matches(@"PS [^\n]*> 8\r?\n", stdout); // the answer right after the prompt it answers
    }

    private const string GateRecords = "Import-UsageLog ./samples/claude, ./samples/api/openai-* -Recurse -ErrorAction SilentlyContinue";

    [Fact]
    public void A_budget_gate_as_the_last_command_fails_the_ci_step_with_its_reason()
    {
        var (code, stdout, stderr) = Tokenmonitor("-Command",
            $"{GateRecords} | Test-BudgetThreshold -Name ci -Amount 1 -Period Monthly -FailOnExceeded -AsOf '2026-11-20T12:00:00Z'");
        Assert.Equal(1, code);
        Assert.Matches(@"ci\s+Monthly\s+2026-11-01 00:00", stdout); // the statuses were written before the failure
        Assert.Matches(@"Budget 'ci' \(monthly period starting 2026-11-01 00:00 UTC\) is exceeded since 2026-11-17 \d\d:\d\d UTC: \$2\.\d\d spent of \$1\.00", stderr.ReplaceLineEndings(" ").Replace("     | ", ""));

        // As in pwsh, a pipeline that wrote an error (the sample's cut-off line, even silenced) leaves $? false: read first.
        var passing = Tokenmonitor("-Command", $"$r = {GateRecords}; $r | Test-BudgetThreshold -Amount 100 -Period Monthly -FailOnExceeded -AsOf '2026-11-20T12:00:00Z'");
        Assert.Equal(0, passing.Code);
    }

    [Fact]
    public void A_gate_script_under_error_action_stop_exits_one_and_stops_there()
    {
        var (code, stdout, stderr) = RunScript($$"""
            $ErrorActionPreference = 'Stop'
            {{GateRecords}} | Assert-TokenBudget -Name nightly -Amount 1 -Period Monthly -AsOf '2026-11-20T12:00:00Z'
            'never'
            """);
        Assert.Equal(1, code);
        Assert.DoesNotContain("never", stdout);
        Assert.Contains("Budget 'nightly'", stderr);

        var quiet = RunScript($$"""
            if (-not ({{GateRecords}} | Test-BudgetThreshold -Amount 1 -Period Monthly -Quiet -AsOf '2026-11-20T12:00:00Z')) { exit 3 }
            """);
        Assert.Equal(3, quiet.Code);
    }
}
