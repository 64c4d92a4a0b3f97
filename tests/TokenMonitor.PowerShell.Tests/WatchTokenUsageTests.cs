using System.Management.Automation;
using System.Text;
using Pwsh = System.Management.Automation.PowerShell;

namespace TokenMonitor.PowerShell.Tests;

/// <summary>Watch-TokenUsage against a log that grows while it runs.</summary>
public class WatchTokenUsageTests
{
    private static string Line(int n, long input, DateTimeOffset at) =>
        "{\"type\":\"assistant\",\"timestamp\":\"" + at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture)
        + "\",\"sessionId\":\"watch\",\"requestId\":\"req_" + n + "\",\"message\":{\"id\":\"msg_" + n
        + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"usage\":{\"input_tokens\":" + input
        + ",\"output_tokens\":0,\"cache_read_input_tokens\":0,\"cache_creation_input_tokens\":0}}}";

    [Fact]
    public void Progress_follows_lines_appended_between_refreshes()
    {
        var folder = Directory.CreateTempSubdirectory("tm-watch-");
        try
        {
            var log = Path.Combine(folder.FullName, "projects", "-tmp-watch", "watch.jsonl");
            Directory.CreateDirectory(Path.GetDirectoryName(log)!);
            // The three calls fall on today's date, so the daily budget sees them all even just after midnight.
            var now = DateTimeOffset.UtcNow;
            var first = now.AddMinutes(-3).UtcDateTime.Date == now.UtcDateTime.Date ? now.AddMinutes(-3) : new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
            var step = (now - first) / 4;
            File.WriteAllText(log, Line(1, 1000, first) + "\n");
            var third = Line(3, 4000, first + step * 2);

            var host = new CapturingHost();
            using var runspace = HostedSession.Open(host);
            using var ps = Pwsh.Create();
            ps.Runspace = runspace;
            ps.AddCommand("Watch-TokenUsage").AddParameter("Path", folder.FullName).AddParameter("RefreshSeconds", 1.0)
                .AddParameter("MaxRefresh", 3).AddParameter("Amount", 100m).AddParameter("PassThru");

            // The cmdlet waits a second after drawing; each window bar it draws triggers the next change to the file.
            var drawn = 0;
            ps.Streams.Progress.DataAdded += (_, e) =>
            {
                var record = ps.Streams.Progress[e.Index];
                if (record.ActivityId != 1 || record.RecordType == ProgressRecordType.Completed) return;
                drawn++;
                if (drawn == 1) File.AppendAllText(log, Line(2, 2000, first + step) + "\n" + third[..40], Encoding.UTF8);
                if (drawn == 2) File.AppendAllText(log, third[40..] + "\n", Encoding.UTF8);
            };

            var output = ps.Invoke();
            Assert.Empty(ps.Streams.Error);
            var progress = ps.Streams.Progress.Concat(host.Progress).Where(p => p.ActivityId == 1 && p.RecordType != ProgressRecordType.Completed).ToList();
            Assert.Equal(["1,000 tokens", "3,000 tokens", "7,000 tokens"],
                progress.Select(p => p.CurrentOperation.Split(',')[0] + "," + p.CurrentOperation.Split(',')[1]).Distinct().Take(3).Select(s => s.Trim()));
            Assert.All(progress, p => Assert.StartsWith("5-hour window", p.Activity));

            Assert.Equal([1, 1, 1], output.Select(s => s.Get<int>("NewRecords")));
            Assert.Equal(7000L, PSObject.AsPSObject(output[^1].Raw("Block")).Get<long>("TotalTokens"));
            var budget = PSObject.AsPSObject(Assert.Single((object[])output[^1].Raw("Budgets")!));
            Assert.Equal(7000L, budget.Get<long>("Tokens"));
            Assert.Contains(ps.Streams.Progress.Concat(host.Progress), p => p.ActivityId == 2 && p.Activity.StartsWith("Budget 'daily'"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Once_reads_draws_and_stops()
    {
        var run = HostedSession.Run("Watch-TokenUsage ./samples/claude -Once -PassThru -TokenLimit max");
        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        var snapshot = Assert.Single(run.Output);
        Assert.Equal(18L, snapshot.Get<long>("TotalRecords"));
        Assert.Equal(1, snapshot.Get<int>("Refresh"));
    }

    [Fact]
    public void A_missing_path_is_an_error_and_nothing_runs()
    {
        var run = HostedSession.Run("Watch-TokenUsage ./no-such-folder -Once");
        Assert.Equal("PathNotFound,TokenMonitor.Commands.WatchTokenUsageCommand", Assert.Single(run.Errors).FullyQualifiedErrorId);
    }
}
