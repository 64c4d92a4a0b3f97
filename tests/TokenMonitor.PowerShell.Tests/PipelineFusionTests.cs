using System.Globalization;
using System.Management.Automation;
using System.Text;
using Pwsh = System.Management.Automation.PowerShell;

namespace TokenMonitor.PowerShell.Tests;

/// <summary>
/// Pipeline fusion: Import-UsageLog hands records straight to an aggregating Measure-TokenCost (PipelineFusion.cs).
/// It must happen on the PowerShell these tests run (it reads engine internals by reflection), give what the
/// ordinary pipeline gives, and step aside whenever the records must really cross the pipeline.
/// </summary>
public sealed class PipelineFusionTests : IDisposable
{
    private const string Fused = "Records handed straight to Measure-TokenCost";
    private const string Unknown = "claude-nova-9";
    private static readonly string[] Models = ["claude-sonnet-4-5-20250929", "claude-opus-4-1-20250805", "claude-haiku-4-5-20251001", Unknown];

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tm-fusion-");

    public void Dispose() => _folder.Delete(recursive: true);

    private static string Line(int n, string model, DateTimeOffset at, string session) =>
        "{\"type\":\"assistant\",\"sessionId\":\"" + session + "\",\"timestamp\":\""
        + at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)
        + "\",\"requestId\":\"req_" + n + "\",\"message\":{\"id\":\"msg_" + n + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\""
        + model + "\",\"usage\":{\"input_tokens\":" + (3 + n % 17) + ",\"output_tokens\":" + (40 + n * 7 % 900)
        + ",\"cache_read_input_tokens\":" + (n % 3 == 0 ? 0 : 1000 + n * 37 % 50000)
        + ",\"cache_creation_input_tokens\":" + (n % 4 == 0 ? 2000 + n % 700 : 0) + "}}}";

    /// <summary>
    /// A Claude Code projects folder: 7 days (calls every 29 minutes, so some near midnight UTC), four models one of which no catalog
    /// knows, copies of calls within a file and in a resumed session's file, and one malformed line.
    /// </summary>
    private string Fixture()
    {
        var project = Path.Combine(_folder.FullName, "projects", "-home-bob-src-fusion");
        Directory.CreateDirectory(project);
        var start = new DateTimeOffset(2026, 11, 14, 21, 0, 0, TimeSpan.Zero);
        var first = new List<string>();
        var resumed = new List<string>();
        for (var n = 1; n <= 240; n++)
        {
            var line = Line(n, Models[n % 7 == 0 ? 3 : n % 3], start.AddMinutes(n * 29), "s1");
            first.Add(line);
            if (n % 5 == 0) first.Add(line);              // a copy in the same file
            if (n > 200) resumed.Add(line);               // the resumed session replays the last calls
        }

        first.Insert(50, "{\"type\":\"assistant\",\"message\":{\"usage\":");
        for (var n = 241; n <= 300; n++) resumed.Add(Line(n, Models[n % 3], start.AddMinutes(n * 29), "s2"));
        File.WriteAllLines(Path.Combine(project, "s1.jsonl"), first);
        File.WriteAllLines(Path.Combine(project, "s2.jsonl"), resumed);
        return _folder.FullName;
    }

    private static IEnumerable<string> Fusion(RunResult run) => run.Verbose.Select(v => v.Message).Where(m => m.StartsWith(Fused, StringComparison.Ordinal));

    private static long HandedOver(RunResult run) =>
        long.Parse(Assert.Single(Fusion(run)).Split(": ")[^1].TrimEnd('.'), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    /// <summary>Every property of every row, in order, as text: keys, counts, money and rates alike.</summary>
    private static List<string> Rows(RunResult run) =>
        [.. run.Output.Select(o => string.Join("; ", o.Properties.Select(p => $"{p.Name}={Text(p.Value)}")))];

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        System.Collections.IEnumerable items => "[" + string.Join(",", items.Cast<object?>().Select(Text)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    [Fact]
    public void Import_hands_records_straight_to_an_aggregating_Measure_TokenCost()
    {
        var run = HostedSession.Run("Import-UsageLog ./samples -Recurse -Verbose -ErrorAction SilentlyContinue | Measure-TokenCost -GroupBy Day");
        Assert.Null(run.Terminating);
        Assert.Equal(26, HandedOver(run)); // every record the samples hold (PipelineTests)
        Assert.Equal(26, run.Output.Sum(o => o.Get<long>("Requests")));

        var summary = HostedSession.Run("Import-UsageLog ./samples/api -Verbose | Measure-TokenCost -Summary");
        Assert.Equal(8, HandedOver(summary));
    }

    [Theory]
    [InlineData("-GroupBy Day,Model")]
    [InlineData("-GroupBy Week,Provider -TimeZone America/New_York")]
    [InlineData("-Summary")]
    public void Fused_results_equal_the_ordinary_pipeline_on_the_samples_and_a_generated_folder(string measure)
    {
        foreach (var folder in new[] { "./samples", Fixture() })
        {
            var import = $"Import-UsageLog '{folder}' -Recurse -Verbose -ErrorAction SilentlyContinue -WarningAction SilentlyContinue";
            var fused = HostedSession.Run($"{import} | Measure-TokenCost {measure}");
            var ordinary = HostedSession.Run($"{import} | ForEach-Object {{ $_ }} | Measure-TokenCost {measure}");

            Assert.Single(Fusion(fused));
            Assert.Empty(Fusion(ordinary));
            Assert.NotEmpty(fused.Output);
            Assert.Equal(Rows(ordinary), Rows(fused));
            Assert.Equal(fused.Output.Select(o => o.TypeNames[0]), ordinary.Output.Select(o => o.TypeNames[0]));
            Assert.Equal(ordinary.Warnings.Select(w => w.Message), fused.Warnings.Select(w => w.Message));
        }
    }

    /// <summary>Budgets are evaluated from one pass over the records too: Import-UsageLog hands them straight to the evaluator.</summary>
    [Theory]
    [InlineData("Test-BudgetThreshold -Amount 0.5 -Period Daily -AsOf '2026-11-21T12:00:00Z' -AllPeriods")]
    [InlineData("Test-BudgetThreshold -Amount 20 -Period Monthly -TokenLimit 5000000 -AsOf '2026-11-21T12:00:00Z'")]
    [InlineData("Test-BudgetThreshold -Amount 2 -Period Rolling -Window 5h -Scope 'model:claude-sonnet*' -AsOf '2026-11-21T12:00:00Z' -AllPeriods")]
    public void Budgets_fused_equal_budgets_through_the_pipeline(string test)
    {
        var import = $"Import-UsageLog '{Fixture()}' -Recurse -Verbose -ErrorAction SilentlyContinue -WarningAction SilentlyContinue";
        var fused = HostedSession.Run($"{import} | {test}");
        var ordinary = HostedSession.Run($"{import} | ForEach-Object {{ $_ }} | {test}");

        Assert.Equal(300, long.Parse(Assert.Single(fused.Verbose.Select(v => v.Message), m => m.StartsWith("Records handed straight to Test-BudgetThreshold", StringComparison.Ordinal))
            .Split(": ")[^1].TrimEnd('.'), NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        Assert.DoesNotContain(ordinary.Verbose, v => v.Message.StartsWith("Records handed straight", StringComparison.Ordinal));
        Assert.NotEmpty(fused.Output);
        Assert.Equal(Rows(ordinary), Rows(fused));
        Assert.Equal(ordinary.Warnings.Select(w => w.Message), fused.Warnings.Select(w => w.Message));
    }

    [Fact]
    public void A_fused_gate_still_fails_on_a_breach()
    {
        var run = HostedSession.Run($$"""
            try { Import-UsageLog '{{Fixture()}}' -Recurse -Verbose -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Assert-TokenBudget -Amount 0.01 -Period Total -AsOf '2026-11-21T12:00:00Z' -ErrorAction Stop; 'not reached' }
            catch { $_.FullyQualifiedErrorId }
            """);
        Assert.Contains(run.Verbose, v => v.Message.StartsWith("Records handed straight to Assert-TokenBudget", StringComparison.Ordinal));
        Assert.Equal("BudgetExceeded,TokenMonitor.Commands.AssertTokenBudgetCommand", Assert.Single(run.Output).BaseObject.ToString());
    }

    [Fact]
    public void The_generated_folder_has_what_fusion_must_get_right()
    {
        var run = HostedSession.Run($"Import-UsageLog '{Fixture()}' -Recurse -Verbose | Measure-TokenCost -GroupBy Day,Model");
        Assert.Equal(300, HandedOver(run));                                    // 48 copies in the file and 40 replayed merged
        Assert.Equal("InvalidUsageRecord,TokenMonitor.Commands.ImportUsageLogCommand", Assert.Single(run.Errors).FullyQualifiedErrorId);
        Assert.Equal(7, run.Output.Select(o => o.Raw("Day")).Distinct().Count());
        Assert.Equal(4, run.Output.Select(o => o.Get<string>("Model")).Distinct().Count());
        Assert.Equal(300, run.Output.Sum(o => o.Get<long>("Requests")));
        Assert.Equal(34, run.Output.Sum(o => o.Get<long>("UnpricedRequests"))); // every 7th call of 240
    }

    [Fact]
    public void Unknown_model_warns_once_from_Measure_TokenCost_and_obeys_its_WarningAction()
    {
        var folder = Fixture();
        var run = HostedSession.Run($"Import-UsageLog '{folder}' -Recurse -Verbose -ErrorAction SilentlyContinue | Measure-TokenCost -GroupBy Day -WarningVariable w; $w.Count");
        Assert.Single(Fusion(run));
        var warning = Assert.Single(run.Warnings, w => w.Message.Contains(Unknown));
        Assert.StartsWith($"No price is known for model '{Unknown}' (first seen in ", warning.Message);
        Assert.Equal(1, run.Output[^1].BaseObject);

        var silent = HostedSession.Run($"Import-UsageLog '{folder}' -Recurse -Verbose -ErrorAction SilentlyContinue | Measure-TokenCost -GroupBy Day -WarningAction SilentlyContinue -WarningVariable w; $w.Count");
        Assert.Single(Fusion(silent));
        Assert.DoesNotContain(silent.Warnings, w => w.Message.Contains(Unknown));
        Assert.Single(silent.Warnings); // Import-UsageLog's own, on the malformed line
        Assert.Equal(1, silent.Output[^1].BaseObject);
        Assert.Equal(run.Output.Count, silent.Output.Count);

        var stop = HostedSession.Run($"Import-UsageLog '{folder}' -Recurse -ErrorAction SilentlyContinue | Measure-TokenCost -GroupBy Day -WarningAction Stop");
        Assert.NotNull(stop.Terminating);
        Assert.Empty(stop.Output);
    }

    [Theory]
    [InlineData("-OutVariable v", "$v.Count")]
    [InlineData("-OutVariable v", "$v[0].GetType().Name")]
    [InlineData("-PipelineVariable v", "'PipelineVariable'")]
    [InlineData("-OutBuffer 10", "'OutBuffer'")]
    public void OutVariable_PipelineVariable_or_OutBuffer_on_Import_keep_the_ordinary_pipeline(string parameter, string after)
    {
        var run = HostedSession.Run($"Import-UsageLog ./samples -Recurse -Verbose -ErrorAction SilentlyContinue {parameter} | Measure-TokenCost -GroupBy Day; {after}");
        Assert.Null(run.Terminating);
        Assert.Empty(Fusion(run));
        Assert.Equal(26, run.Output.SkipLast(1).Sum(o => o.Get<long>("Requests")));
        Assert.Equal(after switch { "$v.Count" => "26", "$v[0].GetType().Name" => "UsageRecord", _ => after.Trim('\'') }, run.Output[^1].ToString());
    }

    [Fact]
    public void A_function_whose_last_command_is_Import_keeps_its_own_OutVariable()
    {
        // Import-UsageLog is the last command of the function's pipeline: it writes into the function's output pipe,
        // whose -OutVariable belongs to the call of the function.
        var run = HostedSession.Run("""
            function Get-Usage { [CmdletBinding()] param() Import-UsageLog ./samples -Recurse -Verbose -ErrorAction SilentlyContinue }
            Get-Usage -OutVariable v | Measure-TokenCost -GroupBy Day
            $v.Count
            """);
        Assert.Empty(Fusion(run));
        Assert.Equal("26", run.Output[^1].ToString());
    }

    [Fact]
    public void PSDefaultParameterValues_OutVariable_keeps_the_ordinary_pipeline()
    {
        var run = HostedSession.Run("""
            $PSDefaultParameterValues['Import-UsageLog:OutVariable'] = 'v'
            Import-UsageLog ./samples -Recurse -Verbose -ErrorAction SilentlyContinue | Measure-TokenCost -Summary
            $v.Count
            """);
        Assert.Empty(Fusion(run));
        Assert.Equal("26", run.Output[^1].ToString());
    }

    [Fact]
    public void Measure_TokenCost_without_GroupBy_receives_and_outputs_every_record()
    {
        var run = HostedSession.Run("Import-UsageLog ./samples/api -Verbose | Measure-TokenCost");
        Assert.Empty(Fusion(run));
        Assert.Equal(8, run.Output.Count);
        Assert.All(run.Output, r =>
        {
            Assert.Equal("TokenMonitor.UsageRecord", r.TypeName());
            Assert.True(PSObject.AsPSObject(r.Raw("Cost")).Get<decimal>("Total") > 0m);
        });
    }

    [Fact]
    public void InputObject_given_by_name_keeps_the_ordinary_pipeline_and_its_binding_errors()
    {
        var run = HostedSession.Run("""
            $one = Import-UsageLog ./samples/api/anthropic-messages.json | ForEach-Object { $_ }
            Import-UsageLog ./samples/api -Verbose | Measure-TokenCost -InputObject $one[0] -Summary
            """);
        Assert.Empty(Fusion(run));
        Assert.Equal(8, run.Errors.Count);
        Assert.All(run.Errors, e => Assert.StartsWith("InputObjectNotBound,", e.FullyQualifiedErrorId));
    }

    [Fact]
    public void Stopping_a_fused_run_stops_reading()
    {
        // Enough calls that reading outlasts Import-UsageLog's first progress report (a quarter of a second in);
        // gzip keeps the file small on disk and makes reading slower still.
        var project = Path.Combine(_folder.FullName, "projects", "-big");
        Directory.CreateDirectory(project);
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        using (var file = File.Create(Path.Combine(project, "big.jsonl.gz")))
        using (var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
        using (var writer = new StreamWriter(gzip, new UTF8Encoding(false)))
        {
            for (var n = 0; n < 300_000; n++) writer.WriteLine(Line(n, Models[n % 3], start.AddSeconds(n), "big"));
        }

        var host = new CapturingHost();
        using var runspace = HostedSession.Open(host);
        using var ps = Pwsh.Create();
        ps.Runspace = runspace;
        ps.AddScript($"Import-UsageLog '{_folder.FullName}' -Recurse | Measure-TokenCost -GroupBy Day");

        // Ctrl+C at the first progress report: PowerShell calls StopProcessing on every command of the pipeline.
        var stopAsked = 0;
        ps.Streams.Progress.DataAdded += (_, e) =>
        {
            if (ps.Streams.Progress[e.Index].ActivityId == 0x7011 && Interlocked.Exchange(ref stopAsked, 1) == 0) ps.BeginStop(null, null);
        };
        var output = ps.Invoke();
        Assert.Equal(1, stopAsked);
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        Assert.Empty(output); // read to the end, Measure-TokenCost would have written a row for each day
    }
}
