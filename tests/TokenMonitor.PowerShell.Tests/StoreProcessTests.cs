using System.Diagnostics;
using System.Text;

namespace TokenMonitor.PowerShell.Tests;

/// <summary>
/// The store under real processes: tokenmonitor importing into one SQLite file twice at once, and one killed in the
/// middle of its batches and run again. Each ends with every call stored once and the token sum of the logs.
/// </summary>
public sealed class StoreProcessTests : IDisposable
{
    private const int Files = 24;
    private const int LinesPerFile = 10_000;
    private const int Overlap = 200; // each file repeats the last calls of the one before, as resumed sessions do
    private readonly string _folder = Directory.CreateTempSubdirectory("tm-proc-").FullName;
    private readonly string _logs;
    private readonly string _db;

    public StoreProcessTests()
    {
        _logs = Path.Combine(_folder, "logs");
        _db = Path.Combine(_folder, "usage.db");
        Directory.CreateDirectory(_logs);
    }

    private static long Total(long call) => call + 1 + 10 + 20 + 100;

    /// <summary>Writes the logs; returns the distinct calls and their token sum.</summary>
    private (long Calls, long Tokens) WriteLogs()
    {
        for (var f = 0; f < Files; f++)
        {
            var text = new StringBuilder();
            var first = (long)f * LinesPerFile - (f == 0 ? 0 : Overlap);
            for (var call = first; call < (long)(f + 1) * LinesPerFile; call++)
            {
                text.Append("{\"sessionId\":\"s").Append(f).Append("\",\"type\":\"assistant\",\"timestamp\":\"2026-11-17T09:00:00.123Z\",\"requestId\":\"req_")
                    .Append(call).Append("\",\"message\":{\"model\":\"claude-sonnet-4-5-20250929\",\"id\":\"msg_").Append(call)
                    .Append("\",\"usage\":{\"input_tokens\":").Append(call + 1)
                    .Append(",\"cache_creation_input_tokens\":10,\"cache_read_input_tokens\":20,\"output_tokens\":100}}}\n");
            }

            File.WriteAllText(Path.Combine(_logs, $"session-{f:00}.jsonl"), text.ToString());
        }

        const long calls = (long)Files * LinesPerFile;
        var tokens = 0L;
        for (var call = 0L; call < calls; call++) tokens += Total(call);
        return (calls, tokens);
    }

    private string ImportCommand => $"Import-UsageLog '{_logs}' -Incremental -ConnectionString '{_db}' | Save-UsageRecord -ConnectionString '{_db}' -BatchSize 2000";

    private ProcessStartInfo Start(string command)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(RepoPaths.HostDll);
        start.ArgumentList.Add("-Command");
        start.ArgumentList.Add(command);
        start.Environment["NO_COLOR"] = "1";
        start.Environment["TOKENMONITOR_STORE"] = "";
        return start;
    }

    private (long Count, long Tokens) Stored()
    {
        var (code, stdout, stderr) = TokenmonitorProcess.Run(
            "-Command", $"$n = 0; $t = 0; Get-UsageRecord -ConnectionString '{_db}' | ForEach-Object {{ $n++; $t += $_.TotalTokens }}; $n; $t");
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (long.Parse(lines[0]), long.Parse(lines[1]));
    }

    [Fact]
    public async Task Two_processes_importing_into_one_SQLite_file_at_once_both_succeed()
    {
        var (calls, tokens) = WriteLogs();
        var runs = new[] { Start(ImportCommand), Start(ImportCommand) }.Select(s => Process.Start(s)!).ToList();
        foreach (var run in runs)
        {
            var stderr = run.StandardError.ReadToEndAsync();
            await run.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await run.WaitForExitAsync(timeout.Token);
            var errors = await stderr;
            Assert.True(run.ExitCode == 0, errors);
            Assert.Equal("", errors.Trim());
            run.Dispose();
        }

        Assert.Equal((calls, tokens), Stored());
    }

    [SkippableFact]
    public async Task Two_processes_importing_into_one_PostgreSQL_store_at_once_both_succeed()
    {
        var admin = Environment.GetEnvironmentVariable("TOKENMONITOR_TEST_POSTGRES");
        Skip.If(admin is null, "SKIPPED: TOKENMONITOR_TEST_POSTGRES is not set; run '.ci/postgres.sh start' and source its env file (.ci/run does).");
        var schema = "proc_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new Npgsql.NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await new Npgsql.NpgsqlCommand($"CREATE SCHEMA {schema}", connection).ExecuteNonQueryAsync();
        }

        try
        {
            var cs = new Npgsql.NpgsqlConnectionStringBuilder(admin) { SearchPath = schema }.ConnectionString;
            var (calls, tokens) = WriteLogs();
            var import = $"Import-UsageLog '{_logs}' | Save-UsageRecord -ConnectionString '{cs}' -BatchSize 5000";
            var runs = new[] { Start(import), Start(import) }.Select(s => Process.Start(s)!).ToList();
            foreach (var run in runs)
            {
                var stderr = run.StandardError.ReadToEndAsync();
                await run.StandardOutput.ReadToEndAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
                await run.WaitForExitAsync(timeout.Token);
                var errors = await stderr;
                Assert.True(run.ExitCode == 0, errors);
                Assert.DoesNotContain(new Npgsql.NpgsqlConnectionStringBuilder(admin).Password!, errors);
                run.Dispose();
            }

            var (code, stdout, err) = TokenmonitorProcess.Run(
                "-Command", $"$n = 0; $t = 0; Get-UsageRecord -ConnectionString '{cs}' | ForEach-Object {{ $n++; $t += $_.TotalTokens }}; $n; $t");
            Assert.True(code == 0, err);
            Assert.Equal([calls.ToString(), tokens.ToString()], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await using var connection = new Npgsql.NpgsqlConnection(admin);
            await connection.OpenAsync();
            await new Npgsql.NpgsqlCommand($"DROP SCHEMA {schema} CASCADE", connection).ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public void An_import_killed_mid_run_is_completed_by_the_next_with_nothing_lost_or_twice()
    {
        var (calls, tokens) = WriteLogs();
        using (var run = Process.Start(Start(ImportCommand))!)
        {
            // Killed once some batches are committed: the write-ahead log has grown past a few batches' worth.
            var wal = _db + "-wal";
            var clock = Stopwatch.StartNew();
            while (!(File.Exists(wal) && new FileInfo(wal).Length > 2_000_000) && !run.HasExited && clock.Elapsed < TimeSpan.FromSeconds(120)) Thread.Sleep(20);
            Assert.False(run.HasExited, "the import finished before it could be killed; give it more to read");
            run.Kill(entireProcessTree: true);
            run.WaitForExit();
        }

        var (partial, _) = Stored();
        Assert.InRange(partial, 1, calls - 1);

        var (code, _, stderr) = TokenmonitorProcess.Run("-Command", ImportCommand);
        Assert.True(code == 0, stderr);
        Assert.Equal((calls, tokens), Stored());

        // The same as reading the logs directly, without the store.
        var (_, direct, _) = TokenmonitorProcess.Run("-Command", $"$n = 0; $t = 0; Import-UsageLog '{_logs}' | ForEach-Object {{ $n++; $t += $_.TotalTokens }}; $n; $t");
        Assert.Equal([calls.ToString(), tokens.ToString()], direct.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        // A third run finds nothing new to read.
        var (again, stdout, _) = TokenmonitorProcess.Run("-Command", $"@(Import-UsageLog '{_logs}' -Incremental -ConnectionString '{_db}').Count");
        Assert.Equal((0, "0"), (again, stdout.Trim()));
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
