using System.Management.Automation;
using System.Text.RegularExpressions;

namespace TokenMonitor.PowerShell.Tests;

/// <summary>Every error the module writes has a stable ErrorId, a category, its target and a recommended action.</summary>
[Collection(ProcessEnvironmentCollection.Name)] // sets TOKENMONITOR_HOME, which is process-wide
public class ErrorRecordTests
{
    /// <summary>ErrorRecords.Create is the one constructor, and it requires an action; nothing else may build one.</summary>
    [Fact]
    public void Error_records_are_made_in_one_place_only()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.EndsWith("ErrorRecords.cs", StringComparison.Ordinal));
        var offenders = sources.Where(f => Regex.IsMatch(File.ReadAllText(f), @"new\s+(System\.Management\.Automation\.)?ErrorRecord\s*\(|ErrorDetails\s*=")).ToList();
        Assert.True(offenders.Count == 0, "ErrorRecords built outside ErrorRecords.cs: " + string.Join(", ", offenders));
    }

    public static TheoryData<string, string, string> Errors() => new()
    {
        { "Import-UsageLog ./no-such-folder", "PathNotFound", "ObjectNotFound" },
        { "Import-UsageLog ./samples -Recurse -WarningAction SilentlyContinue | Out-Null", "InvalidUsageRecord", "InvalidData" },
        { "Import-UsageLog ./samples -Encoding klingon", "InvalidEncoding", "InvalidArgument" },
        { "Import-UsageLog ./samples/claude -Recurse -ErrorAction SilentlyContinue | Measure-TokenCost -GroupBy Day -TimeZone Mars/Olympus", "InvalidPricingArgument", "InvalidArgument" },
        { "Get-ModelPricing no-such-model", "ModelNotFound", "ObjectNotFound" },
        { "Get-ModelPricing -PricingFile ./samples/budgets.json", "InvalidPricingFile", "InvalidData" },
        { "Test-BudgetThreshold -Amount 5 -Scope team:x", "InvalidBudget", "InvalidArgument" },
        { "Test-BudgetThreshold -BudgetFile ./samples/demo.ps1", "InvalidBudgetFile", "InvalidData" },
        { "Test-BudgetThreshold -BudgetFile ./no-such.json", "UnreadableBudgetFile", "ReadError" },
        { "@() | Test-BudgetThreshold", "NoBudget", "InvalidArgument" },
        { "'text' | Test-BudgetThreshold -Amount 5", "UnexpectedPipelineInput", "InvalidType" },
        { "Import-UsageLog ./samples/claude -Recurse -ErrorAction SilentlyContinue | Test-BudgetThreshold -Amount 1 -FailOnExceeded -AsOf 2026-11-20", "BudgetExceeded", "LimitsExceeded" },
        { "Import-UsageLog ./samples/claude -Recurse -ErrorAction SilentlyContinue | Get-UsageBlock -TokenLimit 99999999999999999999999", "InvalidTokenLimit", "InvalidArgument" },
        { "Update-ModelPricing -Path ./samples/budgets.json -Confirm:$false", "PricingUpdateFailed", "ReadError" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void A_real_error_carries_id_category_target_and_action(string script, string errorId, string category)
    {
        var home = Directory.CreateTempSubdirectory("tm-errors-").FullName;
        try
        {
            var before = Environment.GetEnvironmentVariable("TOKENMONITOR_HOME");
            RunResult run;
            try
            {
                run = HostedSession.Run($"$env:TOKENMONITOR_HOME = '{home}'; {script}");
            }
            finally
            {
                Environment.SetEnvironmentVariable("TOKENMONITOR_HOME", before);
            }

            var error = run.Errors.FirstOrDefault(e => e.FullyQualifiedErrorId.StartsWith(errorId + ",", StringComparison.Ordinal));
            Assert.True(error is not null, $"{errorId} not among: {string.Join("; ", run.Errors.Select(e => e.FullyQualifiedErrorId))}");
            Assert.Equal(category, error.CategoryInfo.Category.ToString());
            Assert.NotNull(error.TargetObject);
            Assert.False(string.IsNullOrWhiteSpace(error.ErrorDetails?.RecommendedAction), $"{errorId} has no recommended action");
            Assert.False(string.IsNullOrWhiteSpace(error.Exception.Message));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
