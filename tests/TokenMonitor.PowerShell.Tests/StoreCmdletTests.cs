using Npgsql;
using TokenMonitor.Testing;

namespace TokenMonitor.PowerShell.Tests;

/// <summary>Save-UsageRecord, Get-UsageRecord and Remove-UsageRecord in real pipelines against a SQLite file in a temp folder.</summary>
public sealed class StoreCmdletTests : IDisposable
{
    private const string ReadSamples = "Import-UsageLog ./samples -Recurse -ErrorAction SilentlyContinue -WarningAction SilentlyContinue";
    private readonly string _folder = Directory.CreateTempSubdirectory("tm-store-").FullName;

    private string Db => Path.Combine(_folder, "usage.db");

    [Fact]
    public void Importing_the_samples_twice_stores_each_call_once()
    {
        var run = HostedSession.Run($"""
            $db = '{Db}'
            $first = {ReadSamples} | Save-UsageRecord -ConnectionString $db -PassThru
            {ReadSamples} | Save-UsageRecord -ConnectionString $db -Verbose
            @($first).Count
            @(Get-UsageRecord -ConnectionString $db).Count
            @(Get-UsageRecord -ConnectionString $db | ForEach-Object Key | Where-Object {"{"} $_ {"}"}).Count
            """);
        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal([26, 26, 26], run.Output.Select(o => (int)o.BaseObject));
        Assert.Contains(run.Verbose, v => v.Message.Contains("26 records, 0 new or larger, 26 already stored"));
    }

    [Fact]
    public void Stored_records_price_exactly_as_the_logs_they_came_from()
    {
        var run = HostedSession.Run($$"""
            $db = '{{Db}}'
            {{ReadSamples}} | Save-UsageRecord -ConnectionString $db
            $direct = {{ReadSamples}} | Measure-TokenCost -GroupBy Day, Model
            $stored = Get-UsageRecord -ConnectionString $db | Measure-TokenCost -GroupBy Day, Model
            $direct | ForEach-Object { '{0}|{1}|{2}|{3}|{4}|{5}' -f $_.Day, $_.Model, $_.Requests, $_.TotalTokens, $_.Cost, $_.CacheSavings }
            '--'
            $stored | ForEach-Object { '{0}|{1}|{2}|{3}|{4}|{5}' -f $_.Day, $_.Model, $_.Requests, $_.TotalTokens, $_.Cost, $_.CacheSavings }
            """);
        Assert.Null(run.Terminating);
        var lines = run.Output.Select(o => o.ToString()).ToList();
        var split = lines.IndexOf("--");
        Assert.True(split > 3, string.Join("\n", lines));
        Assert.Equal(lines[..split], lines[(split + 1)..]);
    }

    [Fact]
    public void Get_UsageRecord_since_a_month_ago_feeds_Measure_TokenCost()
    {
        var run = HostedSession.Run($$"""
            $db = '{{Db}}'
            $recent = [datetime]::UtcNow.AddMinutes(-5)
            {{ReadSamples}} | ForEach-Object { $_.Timestamp = $recent; $_ } | Save-UsageRecord -ConnectionString $db
            $summary = Get-UsageRecord -Since ([datetime]::UtcNow.AddDays(-30)) -ConnectionString $db | Measure-TokenCost -GroupBy Day
            @($summary).Count
            ($summary | ForEach-Object Requests)
            @(Get-UsageRecord -Until ([datetime]::UtcNow.AddDays(-30)) -ConnectionString $db).Count
            """);
        Assert.Null(run.Terminating);
        Assert.Equal([1, 26, 0], run.Output.Select(o => Convert.ToInt32(o.BaseObject)));
    }

    [Fact]
    public void Filters_take_wildcards_like_Where_Object_does()
    {
        var run = HostedSession.Run($$"""
            $db = '{{Db}}'
            $all = {{ReadSamples}} | Save-UsageRecord -ConnectionString $db -PassThru
            @($all | Where-Object Model -like 'CLAUDE-SONNET*').Count
            @(Get-UsageRecord -Model 'CLAUDE-SONNET*' -ConnectionString $db).Count
            @($all | Where-Object { $_.Project -like '*webapp*' -or $_.Model -like 'gpt*' }).Count
            @(Get-UsageRecord -Project '*webapp*' -ConnectionString $db).Count + @(Get-UsageRecord -Model 'gpt*' -ConnectionString $db | Where-Object { $_.Project -notlike '*webapp*' }).Count
            @({{ReadSamples}} -Tag team-a | Save-UsageRecord -ConnectionString '{{Path.Combine(_folder, "tagged.db")}}' -PassThru).Count
            @(Get-UsageRecord -Tag 'TEAM-*' -ConnectionString '{{Path.Combine(_folder, "tagged.db")}}').Count
            """);
        Assert.Null(run.Terminating);
        var counts = run.Output.Select(o => Convert.ToInt32(o.BaseObject)).ToList();
        Assert.True(counts[0] > 0);
        Assert.Equal(counts[0], counts[1]);
        Assert.Equal(counts[2], counts[3]);
        Assert.Equal(26, counts[4]);
        Assert.Equal(26, counts[5]);
    }

    [Fact]
    public void WhatIf_writes_nothing_not_even_the_file()
    {
        var run = HostedSession.Run($"""
            $db = '{Db}'
            $passed = {ReadSamples} | Save-UsageRecord -ConnectionString $db -WhatIf -PassThru
            @($passed).Count
            [System.IO.File]::Exists($db)
            """);
        Assert.Null(run.Terminating);
        Assert.Equal("0", run.Output[0].ToString());
        Assert.Equal(false, run.Output[1].BaseObject);
        Assert.Contains("What if: Performing the operation \"Save 26 usage records\"", run.HostText);
    }

    [Fact]
    public void Remove_UsageRecord_asks_under_WhatIf_and_removes_only_older_records()
    {
        var run = HostedSession.Run($"""
            $db = '{Db}'
            {ReadSamples} | Save-UsageRecord -ConnectionString $db
            $cut = [datetimeoffset]'2026-11-17T00:00:00Z'
            $older = @(Get-UsageRecord -Until $cut -ConnectionString $db).Count
            Remove-UsageRecord -Before $cut -ConnectionString $db -WhatIf
            @(Get-UsageRecord -ConnectionString $db).Count
            Remove-UsageRecord -Before $cut -ConnectionString $db -Confirm:$false
            @(Get-UsageRecord -ConnectionString $db).Count
            26 - $older
            @(Get-UsageRecord -Until $cut -ConnectionString $db).Count
            """);
        Assert.Null(run.Terminating);
        var counts = run.Output.Select(o => Convert.ToInt32(o.BaseObject)).ToList();
        Assert.Equal(26, counts[0]);
        Assert.Equal(counts[2], counts[1]);
        Assert.True(counts[1] < 26);
        Assert.Equal(0, counts[3]);
        Assert.Contains("What if: Performing the operation \"Remove ", run.HostText);
    }

    [Fact]
    public void Reading_a_store_that_does_not_exist_warns_and_creates_nothing()
    {
        var run = HostedSession.Run($"Get-UsageRecord -ConnectionString '{Db}'; [System.IO.File]::Exists('{Db}')");
        Assert.Equal(false, Assert.Single(run.Output).BaseObject);
        Assert.Contains("no usage store", Assert.Single(run.Warnings).Message);
    }

    [Fact]
    public void A_password_in_a_connection_string_never_shows_in_errors_or_verbose_text()
    {
        const string secret = "TopSecret-Pa55-91c2";
        var run = HostedSession.Run($"""
            Get-UsageRecord -ConnectionString 'Host=127.0.0.1;Port=1;Username=ci;Password={secret};Timeout=3' -Verbose
            """);
        AssertRedacted(run, secret, "UsageStoreUnavailable,TokenMonitor.Commands.GetUsageRecordCommand");
    }

    [Theory]
    [InlineData("PSW")]
    [InlineData("pwd")]
    [InlineData("SSL Password")]
    [InlineData("SslPassword")]
    public void A_password_under_any_of_its_names_never_shows(string key)
    {
        const string secret = "WrongSekr3t-77ab";
        var run = HostedSession.Run($"""
            Get-UsageRecord -ConnectionString 'Host=127.0.0.1;Port=1;Username=x;{key}={secret};Timeout=3' -Verbose
            """);
        AssertRedacted(run, secret, "UsageStoreUnavailable,TokenMonitor.Commands.GetUsageRecordCommand");
    }

    [Fact]
    public void The_tail_of_a_password_with_an_unquoted_semicolon_never_shows()
    {
        var run = HostedSession.Run("Get-UsageRecord -ConnectionString 'Host=127.0.0.1;Port=1;Username=x;Password=Sekr3t;tailpart=1' -Verbose");
        AssertRedacted(run, "tailpart", "UsageStoreUnavailable,TokenMonitor.Commands.GetUsageRecordCommand");
        Assert.DoesNotContain("Sekr3t", (run.Terminating?.ErrorRecord ?? run.Errors[0]).ToString());
    }

    [SkippableFact]
    public void A_wrong_PostgreSQL_password_fails_without_showing_it()
    {
        var good = Environment.GetEnvironmentVariable("TOKENMONITOR_TEST_POSTGRES");
        Skip.If(good is null, "SKIPPED: TOKENMONITOR_TEST_POSTGRES is not set; run '.ci/postgres.sh start' and source its env file (.ci/run does).");
        const string secret = "Wr0ng-Secret-5e1d";
        var bad = new NpgsqlConnectionStringBuilder(good) { Password = secret }.ConnectionString;
        var run = HostedSession.Run($"{ReadSamples} | Save-UsageRecord -ConnectionString '{bad}' -Verbose");
        AssertRedacted(run, secret, "UsageStoreUnavailable,TokenMonitor.Commands.SaveUsageRecordCommand");
        Assert.Contains("28P01", (run.Terminating?.ErrorRecord ?? run.Errors[0]).Exception.Message);
    }

    [SkippableFact]
    public void A_PostgreSQL_store_keeps_the_samples_as_SQLite_does()
    {
        var admin = Environment.GetEnvironmentVariable("TOKENMONITOR_TEST_POSTGRES");
        Skip.If(admin is null, "SKIPPED: TOKENMONITOR_TEST_POSTGRES is not set; run '.ci/postgres.sh start' and source its env file (.ci/run does).");
        var schema = "ps_" + Guid.NewGuid().ToString("N")[..12];
        Execute(admin!, $"CREATE SCHEMA {schema}");
        try
        {
            var cs = new NpgsqlConnectionStringBuilder(admin) { SearchPath = schema }.ConnectionString;
            var run = HostedSession.Run($$"""
                $pg = '{{cs}}'
                {{ReadSamples}} | Save-UsageRecord -ConnectionString $pg
                {{ReadSamples}} | Save-UsageRecord -ConnectionString $pg
                @(Get-UsageRecord -ConnectionString $pg).Count
                $direct = {{ReadSamples}} | Measure-TokenCost -Summary
                $stored = Get-UsageRecord -ConnectionString $pg | Measure-TokenCost -Summary
                $direct.Cost -eq $stored.Cost -and $direct.TotalTokens -eq $stored.TotalTokens -and $direct.Requests -eq $stored.Requests
                """);
            Assert.Null(run.Terminating);
            Assert.Equal(["26", "True"], run.Output.Select(o => o.ToString()));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Execute(admin!, $"DROP SCHEMA {schema} CASCADE");
        }
    }

    [Fact]
    public void Without_a_connection_string_the_store_is_usage_db_in_TOKENMONITOR_HOME()
    {
        var environment = new Dictionary<string, string> { ["TOKENMONITOR_HOME"] = _folder, ["TOKENMONITOR_STORE"] = "" };
        var (code, stdout, stderr) = TokenmonitorProcess.Run(environment, "-Command",
            $"{ReadSamples} | Save-UsageRecord; @(Get-UsageRecord).Count; [System.IO.File]::Exists([System.IO.Path]::Combine($env:TOKENMONITOR_HOME, 'usage.db'))");
        Assert.True(code == 0, stderr);
        Assert.Equal(["26", "True"], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void Incremental_imports_read_only_lines_added_since_the_last_save()
    {
        var logs = Path.Combine(_folder, "logs");
        Directory.CreateDirectory(logs);
        var sample = Path.Combine(RepoPaths.Samples, "claude", "projects", "-home-alice-src-webapp", "0b9e8d7c-6a5f-4e3d-8c2b-9a8f7e6d5c4b.jsonl");
        var lines = File.ReadAllLines(sample);
        var half = lines.Length / 2;
        var log = Path.Combine(logs, "session.jsonl");
        File.WriteAllLines(log, lines[..half]);
        var import = $"Import-UsageLog '{logs}' -Incremental -ConnectionString $db -ErrorAction SilentlyContinue -WarningAction SilentlyContinue";
        var run = HostedSession.Run($$"""
            $db = '{{Db}}'
            @({{import}} | Save-UsageRecord -ConnectionString $db -WhatIf).Count
            @({{import}} | Save-UsageRecord -ConnectionString $db -PassThru).Count
            @({{import}}).Count
            [System.IO.File]::AppendAllLines('{{log}}', [string[]]@({{string.Join(", ", lines[half..].Select(l => "'" + l.Replace("'", "''") + "'"))}}))
            @({{import}} | Save-UsageRecord -ConnectionString $db -PassThru).Count
            @({{import}}).Count
            @(Get-UsageRecord -ConnectionString $db).Count
            @(Import-UsageLog '{{logs}}' -ErrorAction SilentlyContinue -WarningAction SilentlyContinue).Count
            $stored = 0; Get-UsageRecord -ConnectionString $db | ForEach-Object { $stored += $_.TotalTokens }; $stored
            $direct = 0; Import-UsageLog '{{logs}}' -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | ForEach-Object { $direct += $_.TotalTokens }; $direct
            """);
        Assert.Null(run.Terminating);
        var counts = run.Output.Select(o => Convert.ToInt32(o.BaseObject)).ToList();
        Assert.Equal(0, counts[0]); // -WhatIf stored nothing, and so remembered nothing
        Assert.True(counts[1] > 0);
        Assert.Equal(0, counts[2]);
        Assert.True(counts[3] > 0);
        Assert.Equal(0, counts[4]);
        Assert.Equal(counts[6], counts[5]); // the store holds what reading the whole file gives
        Assert.Equal(counts[8], counts[7]); // and the same tokens: a streamed call cut in half by the first read keeps its larger copy
        Assert.True(counts[1] + counts[3] > counts[5], "the sample file's cut falls inside a streamed call, whose copies are merged");
    }

    [Fact]
    public void Incremental_progress_is_saved_only_with_every_record_of_its_file()
    {
        // The reviewer's repro: a failure after 4 records, batches of 2. Progress must not be committed for files
        // whose records never reached the store, so the next incremental run stores the rest.
        var import = "Import-UsageLog ./samples/claude -Recurse -Incremental -ConnectionString $db -ErrorAction SilentlyContinue -WarningAction SilentlyContinue";
        var run = HostedSession.Run($$"""
            $db = '{{Db}}'
            $all = @({{import}})
            $all.Count
            try { $i = 0; $all | ForEach-Object { if (++$i -gt 4) { throw 'upstream failure' } ; $_ } | Save-UsageRecord -BatchSize 2 -ConnectionString $db } catch { }
            @(Get-UsageRecord -ConnectionString $db).Count
            {{import}} | Save-UsageRecord -ConnectionString $db
            @(Get-UsageRecord -ConnectionString $db).Count
            """);
        Assert.Null(run.Terminating);
        var counts = run.Output.Select(o => Convert.ToInt32(o.BaseObject)).ToList();
        Assert.True(counts[0] > 4);
        Assert.Equal(4, counts[1]);
        Assert.Equal(counts[0], counts[2]);
    }

    [Fact]
    public void Incremental_progress_of_an_import_nobody_saved_is_not_committed_by_another_Save()
    {
        var other = Path.Combine(_folder, "other.jsonl");
        File.WriteAllLines(other, ["""{"sessionId":"s9","type":"assistant","timestamp":"2026-11-17T09:00:00.000Z","requestId":"req_other","message":{"model":"claude-sonnet-4-5-20250929","id":"msg_other","usage":{"input_tokens":5,"output_tokens":7}}}"""]);
        var import = "Import-UsageLog ./samples/claude -Recurse -Incremental -ConnectionString $db -ErrorAction SilentlyContinue -WarningAction SilentlyContinue";
        var run = HostedSession.Run($$"""
            $db = '{{Db}}'
            $total = @({{import}}).Count
            {{import}} | Where-Object { $false }
            Import-UsageLog '{{other}}' | Save-UsageRecord -ConnectionString $db
            {{import}} | Save-UsageRecord -ConnectionString $db
            $total + 1
            @(Get-UsageRecord -ConnectionString $db).Count
            """);
        Assert.Null(run.Terminating);
        var counts = run.Output.Select(o => Convert.ToInt32(o.BaseObject)).ToList();
        Assert.Equal(counts[0], counts[1]);
    }

    [Fact]
    public void Objects_without_an_id_piped_in_separate_invocations_are_all_stored()
    {
        // Each invocation names its first object "pipeline input 1", line 1: a key of file and line made them one.
        var run = HostedSession.Run($$"""
            $db = '{{Db}}'
            $make = { param($in, $fingerprint) [pscustomobject]@{ object = 'chat.completion'; created = 1795000000; model = 'gpt-4.1'; system_fingerprint = $fingerprint; usage = [pscustomobject]@{ prompt_tokens = $in; completion_tokens = 5 } } }
            Import-UsageLog -InputObject (& $make 50 'fp_a') -Provider OpenAI | Save-UsageRecord -ConnectionString $db
            Import-UsageLog -InputObject (& $make 60 'fp_a') -Provider OpenAI | Save-UsageRecord -ConnectionString $db
            Import-UsageLog -InputObject (& $make 50 'fp_b') -Provider OpenAI | Save-UsageRecord -ConnectionString $db
            Import-UsageLog -InputObject (& $make 50 'fp_b') -Provider OpenAI | Save-UsageRecord -ConnectionString $db
            @(Get-UsageRecord -ConnectionString $db).Count
            """);
        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal(3, Convert.ToInt32(Assert.Single(run.Output).BaseObject)); // the fourth is the third read again
    }

    [SkippableFact]
    public void Get_UsageRecord_reads_a_store_nobody_may_write()
    {
        // Root ignores chmod 444, so the file and its folder are made immutable (chattr +i binds root too).
        var folder = Path.Combine(_folder, "shared");
        var db = Path.Combine(folder, "usage.db");
        var saved = HostedSession.Run($"{ReadSamples} | Save-UsageRecord -ConnectionString '{db}'");
        Assert.Null(saved.Terminating);
        Skip.IfNot(Chattr.Set("+i", db) && Chattr.Set("+i", folder), "SKIPPED: chattr +i is not available here.");
        try
        {
            var run = HostedSession.Run($"@(Get-UsageRecord -ConnectionString '{db}').Count");
            Assert.Null(run.Terminating);
            Assert.Empty(run.Errors);
            Assert.Equal(26, Convert.ToInt32(Assert.Single(run.Output).BaseObject));
        }
        finally
        {
            Chattr.Set("-i", folder);
            Chattr.Set("-i", db);
        }
    }

    [Fact]
    public void Character_classes_in_filters_match_as_with_like()
    {
        var run = HostedSession.Run($$"""
            $db = '{{Db}}'
            $all = {{ReadSamples}} | Save-UsageRecord -ConnectionString $db -PassThru
            @($all | Where-Object Model -like 'claude-[so]*').Count
            @(Get-UsageRecord -Model 'claude-[so]*' -ConnectionString $db).Count
            @($all | Where-Object Model -like '[cg]*').Count
            @(Get-UsageRecord -Model '[cg]*' -ConnectionString $db).Count
            """);
        Assert.Null(run.Terminating);
        var counts = run.Output.Select(o => Convert.ToInt32(o.BaseObject)).ToList();
        Assert.True(counts[0] > 0);
        Assert.Equal(counts[0], counts[1]);
        Assert.True(counts[2] > 0);
        Assert.Equal(counts[2], counts[3]);
    }

    [Fact]
    public void PassThru_writes_on_every_record_received_even_those_already_stored()
    {
        // The documented choice: -PassThru continues the pipeline with what it was given; -Verbose tells new from stored.
        var run = HostedSession.Run($"""
            $db = '{Db}'
            {ReadSamples} | Save-UsageRecord -ConnectionString $db
            @({ReadSamples} | Save-UsageRecord -ConnectionString $db -PassThru -Verbose).Count
            """);
        Assert.Null(run.Terminating);
        Assert.Equal(26, Convert.ToInt32(Assert.Single(run.Output).BaseObject));
        Assert.Contains(run.Verbose, v => v.Message.Contains("26 records, 0 new or larger, 26 already stored"));
    }

    private static void AssertRedacted(RunResult run, string secret, string errorId)
    {
        var error = run.Terminating?.ErrorRecord ?? Assert.Single(run.Errors);
        Assert.Equal(errorId, error.FullyQualifiedErrorId);
        var shown = string.Join("\n", new[]
        {
            error.ToString(), error.Exception.ToString(), error.ErrorDetails?.Message ?? "", error.ErrorDetails?.RecommendedAction ?? "",
            error.TargetObject?.ToString() ?? "", error.CategoryInfo.ToString(), run.HostText,
        }.Concat(run.Verbose.Select(v => v.Message)).Concat(run.Warnings.Select(w => w.Message)));
        Assert.DoesNotContain(secret, shown);
        Assert.Contains("********", shown);
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
