using System.Management.Automation;

namespace TokenMonitor.PowerShell.Tests;

/// <summary>Budgets as scripts, scheduled jobs and Pester suites use them, in the real engine against the assembled module.</summary>
public class BudgetCmdletTests
{
    // Anthropic Messages responses carry no time (their file's last write stands in), so they stay out of dated tests.
    private const string Records = "$r = Import-UsageLog ./samples/claude, ./samples/api/openai-* -Recurse -ErrorAction SilentlyContinue";
    private const string AsOf = "-AsOf '2026-11-20T12:00:00Z'";

    private static List<PSObject> Statuses(RunResult run) =>
        run.Output.Where(o => o.TypeName() == "TokenMonitor.BudgetStatus").ToList();

    private static string TempFile(string extension, string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"tm-budgets-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_scoped_budget_spends_what_measure_token_cost_reports_for_that_scope()
    {
        var run = HostedSession.Run($$"""
            {{Records}}
            $anthropic = ($r | Measure-TokenCost -GroupBy Provider | Where-Object Provider -eq 'Anthropic').Cost
            $status = $r | Test-BudgetThreshold -Amount 100 -Period Total -Scope 'provider:anthropic' -AsOf '2026-11-23T12:00:00Z'
            $status.Spent -eq $anthropic
            $status.Scope
            """);
        Assert.Empty(run.Errors);
        Assert.Equal([true, "provider:anthropic"], run.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void Rolling_windows_bind_a_window_written_as_5h()
    {
        var run = HostedSession.Run($"{Records}; $r | Test-BudgetThreshold -Amount 1 -Period Rolling -Window 5h -AllPeriods {AsOf}");
        Assert.Empty(run.Errors);
        var statuses = Statuses(run);
        Assert.True(statuses.Count >= 3);
        Assert.All(statuses, s => Assert.Equal(TimeSpan.FromHours(5), s.Get<TimeSpan>("Window")));
        Assert.All(statuses, s => Assert.Equal(0, s.Get<DateTimeOffset>("PeriodStart").Minute));
    }

    [Fact]
    public void Budgets_come_from_new_token_budget_passed_or_piped_and_from_files()
    {
        var json = TempFile(".json", """{ "budgets": [ { "name": "from-json", "amount": 3, "period": "Weekly", "scope": "provider:anthropic" } ] }""");
        var psd1 = TempFile(".psd1", "@{ Budgets = @( @{ Name = 'from-psd1'; TokenLimit = 100000; Period = 'Total' } ) }");
        try
        {
            var run = HostedSession.Run($$"""
                {{Records}}
                $b = New-TokenBudget -Name passed -Amount 1 -Period Daily
                $p = New-TokenBudget -Name piped -RequestLimit 5 -Period Monthly
                $r | Test-BudgetThreshold -Budget $b, $p -BudgetFile '{{json}}', '{{psd1}}' -Amount 2 -Name params {{AsOf}}
                @($p) + $r | Test-BudgetThreshold -Budget $b {{AsOf}}
                """);
            Assert.Empty(run.Errors);
            var names = Statuses(run).Select(s => s.Get<string>("Budget")).ToList();
            Assert.Equal(["params", "passed", "piped", "from-json", "from-psd1", "passed", "piped"], names);
            var piped = Statuses(run).Where(s => s.Get<string>("Budget") == "piped").ToList();
            Assert.All(piped, p => Assert.Equal("Exceeded", p.Get<string>("Level")));
            Assert.Equal(piped[0].Get<long>("Requests"), piped[1].Get<long>("Requests"));
        }
        finally
        {
            File.Delete(json);
            File.Delete(psd1);
        }
    }

    [Fact]
    public void A_budget_file_with_a_typo_is_rejected_naming_file_budget_and_field()
    {
        var json = TempFile(".json", """{ "budgets": [ { "name": "team", "amout": 200 } ] }""");
        try
        {
            var run = HostedSession.Run($"{Records}; $r | Test-BudgetThreshold -BudgetFile '{json}'");
            Assert.Empty(Statuses(run));
            var error = Assert.Single(run.Errors);
            Assert.Equal("InvalidBudgetFile,TokenMonitor.Commands.TestBudgetThresholdCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
            Assert.Equal($"{json}: budget 'team': 'amout': unknown field; did you mean 'amount'?", error.Exception.Message);
            Assert.NotNull(error.ErrorDetails.RecommendedAction);
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Fact]
    public void A_psd1_budget_file_is_data_only()
    {
        var psd1 = TempFile(".psd1", "@{ Budgets = @( @{ Name = 'x'; Amount = (Get-Random) } ) }");
        try
        {
            var run = HostedSession.Run($"{Records}; $r | Test-BudgetThreshold -BudgetFile '{psd1}'");
            var error = Assert.Single(run.Errors);
            Assert.StartsWith("InvalidBudgetFile", error.FullyQualifiedErrorId);
            Assert.Contains("only data is allowed", error.Exception.Message);
        }
        finally
        {
            File.Delete(psd1);
        }
    }

    [Theory]
    [InlineData("-Amount 1000", true)]
    [InlineData("-Amount 1", false)]
    [InlineData("-Amount 1000 -TokenLimit 400000", false)]
    [InlineData("-Amount 3", true)]
    [InlineData("-Amount 3 -IncludeForecast", false)]
    public void Quiet_answers_true_or_false(string budget, bool within)
    {
        var run = HostedSession.Run($"{Records}; $r | Test-BudgetThreshold {budget} -Period Monthly -Quiet {AsOf}");
        Assert.Empty(run.Errors);
        Assert.Equal([within], run.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void Fail_on_exceeded_writes_the_statuses_then_ends_with_which_budget_how_much_and_since_when()
    {
        var run = HostedSession.Run($"{Records}; $r | Test-BudgetThreshold -Name team -Amount 1 -Period Monthly -FailOnExceeded {AsOf}");
        Assert.Single(Statuses(run));
        var error = Assert.Single(run.Errors);
        Assert.Equal("BudgetExceeded,TokenMonitor.Commands.TestBudgetThresholdCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.LimitsExceeded, error.CategoryInfo.Category);
        Assert.Matches(@"^Budget 'team' \(monthly period starting 2026-11-01 00:00 UTC\) is exceeded since 2026-11-17 \d\d:\d\d UTC: \$2\.\d\d spent of \$1\.00, \$1\.\d\d \(\d+(\.\d)?%\) over\.$",
            error.Exception.Message);
        Assert.Equal("TokenMonitor.BudgetStatus", error.TargetObject.GetType().FullName);
    }

    [Fact]
    public void Fail_on_forecast_fails_a_budget_heading_over_its_limit()
    {
        var passes = HostedSession.Run($"{Records}; $r | Test-BudgetThreshold -Amount 3 -Period Monthly -FailOnExceeded {AsOf}");
        Assert.Empty(passes.Errors);
        var fails = HostedSession.Run($"{Records}; $r | Test-BudgetThreshold -Name m -Amount 3 -Period Monthly -FailOnForecast {AsOf}");
        var error = Assert.Single(fails.Errors);
        Assert.StartsWith("BudgetForecastToExceed", error.FullyQualifiedErrorId);
        Assert.Contains("is forecast to exceed its limit by 2026-12-01 00:00 UTC", error.Exception.Message);
    }

    [Fact]
    public void Assert_token_budget_is_silent_when_within_and_throws_when_over()
    {
        var run = HostedSession.Run($$"""
            {{Records}}
            $r | Assert-TokenBudget -Amount 1000 -Period Monthly {{AsOf}}
            'passed'
            ($r | Assert-TokenBudget -Amount 1000 -Period Monthly -PassThru {{AsOf}}).Level
            try { $r | Assert-TokenBudget -Name ci -Amount 1 -Period Monthly {{AsOf}} -ErrorAction Stop; 'not reached' }
            catch { $_.FullyQualifiedErrorId; $_.Exception.Statuses[0].Budget }
            """);
        Assert.Equal(["passed", "Ok", "BudgetExceeded,TokenMonitor.Commands.AssertTokenBudgetCommand", "ci"],
            run.Output.Select(o => o.BaseObject.ToString()));
    }

    [Theory]
    [InlineData("-Amount -5", "ParameterArgumentValidationError", "Amount")]
    [InlineData("-Amount 5 -Quiet -FailOnExceeded", "AmbiguousParameterSet", "")]
    [InlineData("-Amount 5 -Scope team:web", "InvalidBudget", "unknown dimension 'team'")]
    [InlineData("-Amount 5 -Period Rolling", "InvalidBudget", "needs a window length")]
    [InlineData("-Amount 5 -Period Rolling -Window soon", "ParameterArgumentTransformationError", "'soon' is not a duration")]
    [InlineData("-Period Daily", "InvalidBudget", "-Period define a budget on the command line")]
    [InlineData("-AsOf 2026-11-20", "NoBudget", "No budget was given")]
    [InlineData("-Amount 5 -Thresholds 90,75,50,100", "InvalidBudget", "thresholds must rise")]
    public void Bad_budget_parameters_end_the_command_with_a_reason(string parameters, string errorId, string message)
    {
        var run = HostedSession.Run($"{Records}; $r | Test-BudgetThreshold {parameters}");
        var error = Assert.Single(run.Errors);
        Assert.StartsWith(errorId, error.FullyQualifiedErrorId);
        Assert.Contains(message, error.ToString());
    }

    [Fact]
    public void New_token_budget_renders_through_its_view()
    {
        var run = HostedSession.Run("New-TokenBudget -Name plan -TokenLimit 2000000 -Period Rolling -Window 5h -Scope 'provider:anthropic' -TimeZone Europe/Berlin", render: true);
        Assert.Empty(run.Errors);
        Assert.Matches(@"plan\s+Rolling 5h\s+2,000,000\s+Europe/Berlin\s+provider:anthropic", run.HostText);
    }

    /// <summary>
    /// Should -BeWithinBudget's contract, without Pester here: a stand-in Pester module records what TokenMonitor
    /// registers, and the registered script block is called the way Pester 5 calls operators.
    /// </summary>
    [Fact]
    public void The_should_operator_registers_with_pester_and_keeps_its_contract()
    {
        var pester = Path.Combine(Path.GetTempPath(), $"tm-pester-{Guid.NewGuid():N}", "Pester");
        Directory.CreateDirectory(pester);
        File.WriteAllText(Path.Combine(pester, "Pester.psd1"), "@{ RootModule = 'Pester.psm1'; ModuleVersion = '5.7.1'; GUID = 'a699dea5-2c73-4616-a270-1f7abb777e71'; FunctionsToExport = 'Add-ShouldOperator' }");
        File.WriteAllText(Path.Combine(pester, "Pester.psm1"), """
            function Add-ShouldOperator { param($Name, $InternalName, $Test, [switch] $SupportsArrayInput)
                $global:registered = @{ Name = $Name; InternalName = $InternalName; Test = $Test; Array = $SupportsArrayInput.IsPresent } }
            """);
        var run = HostedSession.Run($$"""
            Import-Module '{{pester}}'
            Import-Module '{{RepoPaths.Manifest}}' -Force
            $registered.Name; $registered.InternalName; $registered.Array
            {{Records}}
            $state = $ExecutionContext.SessionState
            $pass = & $registered.Test -ActualValue $r -Amount 1000 -Period Monthly {{AsOf}} -CallerSessionState $state
            $fail = & $registered.Test -ActualValue $r -Amount 1 -Period Monthly {{AsOf}} -Because 'CI keeps costs down' -CallerSessionState $state
            $negated = & $registered.Test -ActualValue $r -Amount 1 -Period Monthly {{AsOf}} -Negate -CallerSessionState $state
            $statuses = & $registered.Test -ActualValue ($r | Test-BudgetThreshold -Amount 1 -Period Monthly {{AsOf}}) -CallerSessionState $state
            $pass.Succeeded; $pass.FailureMessage
            $fail.Succeeded; $fail.FailureMessage
            $negated.Succeeded
            $statuses.Succeeded
            """);
        Assert.Empty(run.Errors);
        var output = run.Output.Select(o => o?.BaseObject).ToList();
        Assert.Equal(["BeWithinBudget", "Should-BeWithinBudget", true, true, null, false], output.Take(6));
        Assert.StartsWith("Expected usage to be within budget because CI keeps costs down, but Budget 'default' (monthly period", (string)output[6]!);
        Assert.Contains("is exceeded since", (string)output[6]!);
        Assert.Equal([true, false], output.Skip(7));
        Directory.Delete(Path.GetDirectoryName(pester)!, recursive: true);
    }

    [Fact]
    public void Without_pester_loaded_nothing_is_registered_and_pester_is_not_imported()
    {
        var run = HostedSession.Run("[bool](Get-Module -Name Pester)");
        Assert.Equal([false], run.Output.Select(o => o.BaseObject));
    }

    [Theory]
    [InlineData("Test-BudgetThreshold -TimeZone Europe/Ber", "Europe/Berlin")]
    [InlineData("New-TokenBudget -TimeZone Berl", "Europe/Berlin")]
    [InlineData("Measure-TokenCost -GroupBy Day -TimeZone america/new_", "America/New_York")]
    [InlineData("Assert-TokenBudget -TimeZone UT", "UTC")]
    public void Time_zones_complete_by_id_or_city(string input, string expected)
    {
        var run = HostedSession.Run($"(TabExpansion2 -inputScript '{input}' -cursorColumn {input.Length}).CompletionMatches.CompletionText");
        Assert.Contains(expected, run.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void A_bare_start_date_is_midnight_in_the_budget_zone_not_this_computer_s()
    {
        var run = HostedSession.Run("""
            (New-TokenBudget 50 -Start 2026-11-01 -TimeZone America/New_York).Start.ToString('o')
            (New-TokenBudget 50 -Start ([datetimeoffset]'2026-11-01T09:30:00+01:00')).Start.ToString('o')
            """);
        Assert.Empty(run.Errors);
        Assert.Equal(["2026-11-01T04:00:00.0000000+00:00", "2026-11-01T08:30:00.0000000+00:00"], run.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void The_same_budget_twice_is_evaluated_once_and_stray_budget_parameters_are_an_error()
    {
        var twice = HostedSession.Run($"{Records}; $a = New-TokenBudget -Name a -Amount 5; $r | Test-BudgetThreshold -Budget $a, $a {AsOf}");
        Assert.Single(Statuses(twice));
        Assert.Contains(twice.Warnings, w => w.Message == "Budget 'a' was given twice; it is evaluated once.");

        var stray = HostedSession.Run($"{Records}; $a = New-TokenBudget -Name a -Amount 5; $r | Test-BudgetThreshold -Budget $a -Scope provider:openai -TimeZone Asia/Tokyo {AsOf}");
        var error = Assert.Single(stray.Errors);
        Assert.StartsWith("InvalidBudget", error.FullyQualifiedErrorId);
        Assert.Contains("-Scope, -TimeZone define a budget on the command line, which needs -Amount, -TokenLimit or -RequestLimit", error.Exception.Message);
    }

    [Fact]
    public void The_budgets_about_topic_is_found_and_its_sample_files_agree()
    {
        var run = HostedSession.Run($$"""
            (Get-Help about_TokenMonitor_Budgets | ForEach-Object { $_.ToString() }) -join "`n"
            {{Records}}
            $json = $r | Test-BudgetThreshold -BudgetFile ./samples/budgets.json {{AsOf}}
            $psd1 = $r | Test-BudgetThreshold -BudgetFile ./samples/budgets.psd1 {{AsOf}}
            ($json | ForEach-Object Message) -join "`n"
            ($psd1 | ForEach-Object Message) -join "`n"
            """);
        Assert.Empty(run.Errors);
        Assert.Contains("BudgetFile", run.Output[0].ToString());
        Assert.Contains("Should -BeWithinBudget", run.Output[0].ToString());
        Assert.Equal(run.Output[1].ToString(), run.Output[2].ToString());
        Assert.True(run.Output[1].ToString().Split('\n').Length >= 5);
    }

    [Fact]
    public void Other_objects_in_the_pipeline_are_an_error_and_the_run_goes_on()
    {
        var run = HostedSession.Run($"{Records}; @('not a record') + $r | Test-BudgetThreshold -Amount 5 {AsOf}");
        var error = Assert.Single(run.Errors);
        Assert.StartsWith("UnexpectedPipelineInput", error.FullyQualifiedErrorId);
        Assert.Contains("System.String", error.Exception.Message);
        Assert.True(Statuses(run).Single().Get<long>("Requests") > 0);
    }

    [Fact]
    public void A_record_without_a_time_is_left_out_with_a_warning_by_budgets_and_analyses()
    {
        var run = HostedSession.Run($$"""
            {{Records}}
            $undated = [TokenMonitor.UsageRecord]::new(); $undated.Model = 'claude-sonnet-4-5'; $undated.InputTokens = 1000000
            (@($undated) + $r | Test-BudgetThreshold -Amount 100 -Period Total {{AsOf}}).PeriodStart.Year
            @(@($undated) + $r | Get-UsageTrend -AsSeries).Count
            """);
        Assert.Empty(run.Errors);
        Assert.Equal(2026, Convert.ToInt32(run.Output[0].BaseObject));
        Assert.InRange(Convert.ToInt32(run.Output[1].BaseObject), 1, 40);
        Assert.Contains(run.Warnings, w => w.Message.Contains("dated before 2000 were left out"));
        Assert.Contains(run.Warnings, w => w.Message.Contains("has no plausible time"));
    }
}
