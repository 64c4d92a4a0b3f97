namespace TokenMonitor.PowerShell.Tests;

/// <summary>Bad input is a non-terminating ErrorRecord that names what and where; the run goes on.</summary>
public class ErrorTests
{
    private const string BadFile = "samples/claude/projects/-home-alice-src-api/3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7.jsonl";

    [Fact]
    public void Malformed_line_is_a_non_terminating_error_naming_file_and_line()
    {
        var run = HostedSession.Run($"Import-UsageLog -LiteralPath ./{BadFile}");
        Assert.Null(run.Terminating);
        var error = Assert.Single(run.Errors);
        Assert.Equal("InvalidUsageRecord,TokenMonitor.Commands.ImportUsageLogCommand", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.EndsWith($"{BadFile}:6", (string)error.TargetObject);
        Assert.Contains(":6: ", error.ToString());
        Assert.NotNull(error.ErrorDetails.RecommendedAction);
        Assert.Equal(4, run.Output.Count);
    }

    [Fact]
    public void ErrorAction_Stop_stops_at_the_bad_line()
    {
        var run = HostedSession.Run($"Import-UsageLog -LiteralPath ./{BadFile} -ErrorAction Stop");
        Assert.NotNull(run.Terminating);
        Assert.Contains(":6:", run.Terminating!.Message);
    }

    [Fact]
    public void Missing_path_is_PathNotFound_and_other_paths_still_read()
    {
        var run = HostedSession.Run("Import-UsageLog ./nope.jsonl, ./samples/api/anthropic-messages.json");
        Assert.Equal("PathNotFound,TokenMonitor.Commands.ImportUsageLogCommand", Assert.Single(run.Errors).FullyQualifiedErrorId);
        Assert.Equal(3, run.Output.Count);
    }

    [Fact]
    public void Unknown_model_warns_once_and_counts_as_unpriced()
    {
        var run = HostedSession.Run("""
            $dir = [System.IO.Directory]::CreateTempSubdirectory().FullName
            $line = '{"type":"assistant","timestamp":"2026-11-17T10:00:00.000Z","requestId":"r#","message":{"id":"m#","model":"claude-nova-9","usage":{"input_tokens":10,"output_tokens":5}}}'
            [System.IO.File]::WriteAllLines("$dir/s.jsonl", [string[]](1..3 | ForEach-Object { $line.Replace('#', "$_") }))
            Import-UsageLog "$dir/s.jsonl" | Measure-TokenCost -Summary
            [System.IO.Directory]::Delete($dir, $true)
            """);
        var warning = Assert.Single(run.Warnings);
        Assert.Contains("'claude-nova-9'", warning.Message);
        var summary = Assert.Single(run.Output);
        Assert.Equal(3, summary.Get<long>("UnpricedRequests"));
        Assert.Equal(0m, summary.Get<decimal>("Cost"));
    }

    [Fact]
    public void Bad_time_zone_or_fallback_model_ends_the_statement_with_an_argument_error()
    {
        var zone = HostedSession.Run("Import-UsageLog ./samples/api | Measure-TokenCost -GroupBy Day -TimeZone Mars/Olympus; 'next statement runs'");
        var error = Assert.Single(zone.Errors);
        Assert.Contains("Mars/Olympus", error.ToString());
        Assert.Equal("InvalidPricingArgument,TokenMonitor.Commands.MeasureTokenCostCommand", error.FullyQualifiedErrorId);
        Assert.Equal("next statement runs", Assert.Single(zone.Output).ToString());

        var fallback = HostedSession.Run("Import-UsageLog ./samples/api | Measure-TokenCost -FallbackModel no-such-model");
        Assert.Contains("no-such-model", Assert.Single(fallback.Errors).ToString());
        Assert.Empty(fallback.Output);
    }

    [Fact]
    public void Negative_budget_amount_is_refused_by_validation()
    {
        var run = HostedSession.Run("Import-UsageLog ./samples/api | Test-BudgetThreshold -Amount -5");
        var error = Assert.Single(run.Errors);
        Assert.StartsWith("ParameterArgumentValidationError,", error.FullyQualifiedErrorId);
        Assert.Empty(run.Output);
    }

    [Fact]
    public void A_path_on_a_missing_drive_is_one_error_and_the_other_paths_are_read()
    {
        var run = HostedSession.Run("Import-UsageLog nosuchdrive:/x.jsonl, ./samples/api/anthropic-messages.json");
        Assert.Equal("InvalidPath,TokenMonitor.Commands.ImportUsageLogCommand", Assert.Single(run.Errors).FullyQualifiedErrorId);
        Assert.Equal(3, run.Output.Count);
    }

    [Fact]
    public void Test_BudgetThreshold_prices_without_changing_the_records_and_warns_on_unknown_models()
    {
        var run = HostedSession.Run("""
            $records = Import-UsageLog ./samples/api/openai-responses.jsonl
            $records[0].Model = 'gpt-unknown-9'
            $status = $records | Test-BudgetThreshold -Amount 1 -Period Total -AsOf '2026-11-22T00:00:00Z'
            $status.Spent -gt 0
            $status.UnpricedRequests
            @($records | Where-Object { $null -ne $_.Cost }).Count
            """);
        Assert.Equal([true, 1L, 0], run.Output.Select(o => o.BaseObject switch { long l => (object)l, int i => i, var x => x }));
        Assert.Contains("'gpt-unknown-9'", Assert.Single(run.Warnings).Message);
    }
}
