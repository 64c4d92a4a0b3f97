namespace TokenMonitor.PowerShell.Tests;

/// <summary>Pipeline binding by value and by property name, as module-style.md asks.</summary>
public class BindingTests
{
    [Fact]
    public void Paths_bind_from_the_pipeline_by_value_and_wildcards_expand()
    {
        var run = HostedSession.Run("'./samples/api/*.json', './samples/api/openai-responses.jsonl' | Import-UsageLog");
        Assert.Equal(1 + 3 + 4, run.Output.Count);
        Assert.Empty(run.Errors);
    }

    [Fact]
    public void LiteralPath_binds_by_property_name_from_PSPath()
    {
        var run = HostedSession.Run("""
            [pscustomobject]@{ PSPath = "$PWD/samples/api/anthropic-messages.json" } | Import-UsageLog
            """);
        Assert.Equal(3, run.Output.Count);
    }

    [Fact]
    public void A_folder_without_Recurse_reads_only_its_own_files()
    {
        var run = HostedSession.Run("Import-UsageLog ./samples/claude/projects/-home-alice-src-webapp");
        Assert.All(run.Output, r => Assert.DoesNotContain("subagents", r.Get<string>("SourceFile")));
        Assert.NotEmpty(run.Output);
    }

    [Fact]
    public void Anything_with_Level_and_Message_binds_to_Send_UsageAlert()
    {
        var run = HostedSession.Run("""
            [pscustomobject]@{ Level = 'Critical'; Message = 'Latency doubled'; Budget = 'ops' } | Send-UsageAlert
            """);
        var result = Assert.Single(run.Output);
        Assert.Equal("ops", result.Get<string>("Budget"));
        Assert.Equal("Critical", result.Get<string>("Level"));
        Assert.Equal(ConsoleColor.Red, Assert.Single(run.ColouredLines).Colour);
    }

    [Fact]
    public void A_hashtable_converts_to_a_usage_record_and_text_does_not()
    {
        var run = HostedSession.Run("""
            @{ Model = 'claude-sonnet-4-5'; InputTokens = 1000000; Timestamp = [datetimeoffset]'2026-11-17T10:00:00Z' } | Measure-TokenCost
            'not a record' | Measure-TokenCost
            """);
        var record = Assert.Single(run.Output);
        // A million prompt tokens is past Sonnet 4.5's 200k threshold: $6 per million, the long-context rate.
        Assert.Equal(6m, System.Management.Automation.PSObject.AsPSObject(record.Raw("Cost")).Get<decimal>("Total"));
        Assert.Contains(run.Errors, e => e.FullyQualifiedErrorId.StartsWith("InputObjectNotBound", StringComparison.Ordinal));
    }
}
