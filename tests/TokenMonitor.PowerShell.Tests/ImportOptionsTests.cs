namespace TokenMonitor.PowerShell.Tests;

/// <summary>Import-UsageLog's inputs beyond files of known formats, and its reading options.</summary>
public class ImportOptionsTests
{
    [Fact]
    public void A_response_object_a_hashtable_and_a_json_string_are_recorded_as_they_are_made()
    {
        var run = HostedSession.Run("""
            $before = [datetimeoffset]::UtcNow
            $response = [pscustomobject]@{ id = 'msg_live1'; type = 'message'; model = 'claude-sonnet-4-5'; usage = [pscustomobject]@{ input_tokens = 100; output_tokens = 20; cache_read_input_tokens = 1000 } }
            $response | Import-UsageLog -Provider Anthropic -Project chatbot
            @{ id = 'chatcmpl-live2'; object = 'chat.completion'; created = 1795000000; model = 'gpt-4.1'; usage = @{ prompt_tokens = 50; completion_tokens = 5; prompt_tokens_details = @{ cached_tokens = 30 } } } | Import-UsageLog
            '{"id":"resp_live3","object":"response","created_at":1795000100,"model":"gpt-5","usage":{"input_tokens":10,"output_tokens":3}}' | Import-UsageLog
            $before
            """);
        Assert.Empty(run.Errors);
        var records = run.Output.Take(3).ToList();
        var before = (DateTimeOffset)run.Output[3].BaseObject;
        Assert.Equal(["Anthropic.Message", "OpenAI.ChatCompletion", "OpenAI.Response"], records.Select(r => r.Get<string>("Format")));
        Assert.Equal(1000, records[0].Get<long>("CacheReadTokens"));
        Assert.Equal("chatbot", records[0].Get<string>("Project"));
        Assert.True(records[0].Get<DateTimeOffset>("Timestamp") >= before); // no time in an Anthropic response: now
        Assert.Equal(20, records[1].Get<long>("InputTokens"));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795000000), records[1].Get<DateTimeOffset>("Timestamp"));
        Assert.StartsWith("pipeline input", records[2].Get<string>("SourceFile"));
    }

    [Fact]
    public void Csv_with_known_headers_and_with_a_column_map()
    {
        var run = HostedSession.Run("""
            $dir = [System.IO.Directory]::CreateTempSubdirectory().FullName
            [System.IO.File]::WriteAllText("$dir/usage.csv", "timestamp,model,input_tokens,output_tokens,cache_read_tokens,project`n2026-11-17T10:00:00Z,gpt-4.1,1000,200,500,web`n2026-11-17T11:00:00Z,gpt-4.1,-5,1,0,web`n""2026-11-17T12:00:00Z"",""gpt-4.1"",""10"",""2"",""0"",""a, quoted project""`n")
            [System.IO.File]::WriteAllText("$dir/export.tsv", "when`tllm`ttokens in`ttokens out`n2026-11-18T09:00:00Z`tclaude-sonnet-4-5`t300`t40`n")
            Import-UsageLog "$dir/usage.csv" -ErrorAction SilentlyContinue -ErrorVariable bad
            Import-UsageLog "$dir/export.tsv" -ColumnMap @{ Timestamp = 'when'; Model = 'llm'; InputTokens = 'tokens in'; OutputTokens = 'tokens out' }
            $bad.Count
            [System.IO.File]::Copy("$dir/export.tsv", "$dir/export.txt")
            (Import-UsageLog "$dir/export.txt" -Format Tsv -ColumnMap @{ InputTokens = 'tokens in'; OutputTokens = 'tokens out' }).InputTokens
            Import-UsageLog "$dir/export.tsv" -ColumnMap @{ InputTokenz = 'tokens in' }
            [System.IO.Directory]::Delete($dir, $true)
            """);
        var records = run.Output.Take(3).ToList();
        Assert.Equal([1000L, 10L, 300L], records.Select(r => r.Get<long>("InputTokens")));
        Assert.Equal("a, quoted project", records[1].Get<string>("Project"));
        Assert.Equal("claude-sonnet-4-5", records[2].Get<string>("Model"));
        Assert.Equal(1, (int)run.Output[3].BaseObject);
        Assert.Equal(300L, Convert.ToInt64(run.Output[4].BaseObject)); // -Format reads a .txt as TSV
        var typo = Assert.Single(run.Errors, e => e.FullyQualifiedErrorId.StartsWith("InvalidColumnMap", StringComparison.Ordinal));
        Assert.Contains("InputTokenz", typo.ToString());
    }

    [Fact]
    public void Json_of_any_shape_with_a_column_map()
    {
        var run = HostedSession.Run("""
            $dir = [System.IO.Directory]::CreateTempSubdirectory().FullName
            [System.IO.File]::WriteAllText("$dir/gateway.jsonl", '{"ts":"2026-11-19T08:00:00Z","meta":{"model":"gpt-5-mini","team":"search"},"use":{"p":1200,"c":1000,"o":80}}' + "`n" + '{"ts":"2026-11-19T09:00:00Z","meta":{"model":"gpt-5-mini","team":"search"},"use":{"p":10,"c":0,"o":1}}' + "`n" + '{"ts":"2026-11-19T09:30:00Z","note":"a line without the mapped counts"}' + "`n")
            Import-UsageLog "$dir/gateway.jsonl" -ColumnMap @{ Timestamp = 'ts'; Model = 'meta.model'; Project = 'meta.team'; PromptTokens = 'use.p'; CacheReadTokens = 'use.c'; OutputTokens = 'use.o' } -ErrorVariable missing -ErrorAction SilentlyContinue | Measure-TokenCost
            $missing.Count
            [System.IO.Directory]::Delete($dir, $true)
            """);
        var record = run.Output[0];
        Assert.Equal(3, run.Output.Count); // no line names a "token": all are read all the same
        Assert.Equal(1, Convert.ToInt32(run.Output[2].BaseObject)); // a line without the mapped counts is an error, not a call of zero tokens
        Assert.Equal(200, record.Get<long>("InputTokens")); // the prompt less its cached part
        Assert.Equal("search", record.Get<string>("Project"));
        Assert.False(System.Management.Automation.PSObject.AsPSObject(record.Raw("Cost")).Get<bool>("IsUnknownModel"));
    }

    [Fact]
    public void Since_until_stamps_and_duplicates_shown_but_not_counted()
    {
        var run = HostedSession.Run("""
            $all = Import-UsageLog ./samples/claude -Recurse -IncludeDuplicates -ErrorAction SilentlyContinue
            @($all | Where-Object IsDuplicate).Count
            ($all | Measure-TokenCost -Summary).Requests
            $day = Import-UsageLog ./samples/claude -Recurse -Since '2026-11-17T00:00:00Z' -Until '2026-11-18T00:00:00Z' -Job nightly -Tag ci, review -ErrorAction SilentlyContinue
            @($day).Count
            ($day | ForEach-Object { "$($_.Job)/$($_.Tags -join '+')" } | Where-Object { $_ -ne 'nightly/ci+review' }).Count
            """);
        Assert.Equal(9, Convert.ToInt32(run.Output[0].BaseObject));
        Assert.Equal(18L, Convert.ToInt64(run.Output[1].BaseObject));
        Assert.Equal(9, Convert.ToInt32(run.Output[2].BaseObject)); // samples/EXPECTED.md: 9 records on 2026-11-17
        Assert.Equal(0, Convert.ToInt32(run.Output[3].BaseObject));
    }

    [Fact]
    public void Provider_settles_only_what_the_fields_leave_open()
    {
        var run = HostedSession.Run("""
            @{ id = 'chatcmpl-x'; object = 'chat.completion'; created = 1795000000; model = 'gpt-4.1'; usage = @{ prompt_tokens = 50; completion_tokens = 5 } } | Import-UsageLog -Provider Anthropic
            '{"id":"msg_y","model":"custom-model","usage":{"input_tokens":7,"output_tokens":3}}' | Import-UsageLog -Provider Anthropic
            """);
        Assert.Equal(["OpenAI.ChatCompletion", "Anthropic.Message"], run.Output.Select(r => r.Get<string>("Format")));
        Assert.Equal(50, run.Output[0].Get<long>("InputTokens"));
    }

    [Fact]
    public void An_empty_pipeline_reads_nothing_rather_than_the_default_folders()
    {
        var run = HostedSession.Run("@() | Import-UsageLog");
        Assert.Empty(run.Output);
        Assert.Empty(run.Warnings);
    }

    [Fact]
    public void Streamed_chunks_piped_one_by_one_keep_the_largest()
    {
        var run = HostedSession.Run("""
            0, 200, 430 | ForEach-Object { @{ responseId = 'r-1'; modelVersion = 'gemini-2.5-flash'; createTime = '2026-11-14T09:00:00Z'; usageMetadata = @{ promptTokenCount = 100; candidatesTokenCount = $_ } } } | Import-UsageLog
            """);
        Assert.Empty(run.Errors);
        Assert.Equal(430, Assert.Single(run.Output).Get<long>("OutputTokens"));
    }

    [Fact]
    public void Odd_paths_and_objects_are_errors_not_surprises()
    {
        var run = HostedSession.Run("""
            $Error.Clear(); Import-UsageLog -Path @() 2>$null; $Error[0].FullyQualifiedErrorId -like 'ParameterArgumentValidationError*'
            Import-UsageLog './samples/api/[o]penai-responses.jsonl' | ForEach-Object Format | Where-Object { $_ } | ForEach-Object { 'wildcard read' } | Out-Null; @(Import-UsageLog './samples/api/[o]penai-responses.jsonl').Count
            [pscustomobject]@{ hello = 'world' } | Import-UsageLog -ErrorAction SilentlyContinue -ErrorVariable none; $none[0].TargetObject
            [pscustomobject]@{ id = 'resp_t'; object = 'response'; created_at = [datetime]'2026-11-17 10:00:00'; model = 'gpt-5'; usage = @{ input_tokens = 5; output_tokens = [double]::NaN } } | Import-UsageLog -ErrorAction SilentlyContinue | ForEach-Object { $_.Timestamp.UtcDateTime.ToString('HH:mm') }
            """);
        Assert.Equal(true, run.Output[0].BaseObject);
        Assert.Equal(4, Convert.ToInt32(run.Output[1].BaseObject));                 // '[o]penai…' is a wildcard, not JSON
        Assert.StartsWith("pipeline input", run.Output[2].ToString());              // an object without usage is named
        Assert.Equal("10:00", run.Output[3].ToString());                           // a time without a zone is UTC
    }
}
