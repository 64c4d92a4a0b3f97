using TokenMonitor.Analytics.Live;

namespace TokenMonitor.Tests.Analytics;

public class LogTailTests
{
    private static string Line(string id, long input, long output) =>
        "{\"type\":\"assistant\",\"timestamp\":\"2026-03-02T10:00:00.000Z\",\"sessionId\":\"s\",\"requestId\":\"r" + id + "\",\"message\":{\"id\":\"m" + id
        + "\",\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":" + input + ",\"output_tokens\":" + output + "}}}\n";

    [Fact]
    public void Reads_only_appended_complete_lines_settles_larger_copies_and_restarts_after_truncation()
    {
        var folder = Directory.CreateTempSubdirectory("tm-tail-");
        try
        {
            var log = Path.Combine(folder.FullName, "s.jsonl");
            File.WriteAllText(log, Line("1", 10, 1));
            var tail = new LogTail([folder.FullName]);
            Assert.Equal(11, Assert.Single(tail.Poll()).Record.TotalTokens);
            Assert.Empty(tail.Poll()); // nothing appended

            var second = Line("2", 20, 2);
            File.AppendAllText(log, second[..30]); // half a line: waits for its newline
            Assert.Empty(tail.Poll());
            var read = tail.BytesRead;
            File.AppendAllText(log, second[30..] + Line("1", 10, 50)); // the rest, and a larger copy of call 1
            var polled = tail.Poll();
            Assert.Equal(2, polled.Count);
            Assert.Equal(22, polled[0].Record.TotalTokens);
            Assert.Equal(2, polled[0].Record.SourceLine);
            Assert.Equal(60, polled[1].Record.TotalTokens);
            Assert.Equal(11, polled[1].Replaced!.TotalTokens);
            Assert.Equal(read + second.Length + Line("1", 10, 50).Length, tail.BytesRead); // the first half was not read twice

            File.WriteAllText(log, Line("3", 5, 5)); // truncated and rewritten
            var after = Assert.Single(tail.Poll());
            Assert.Equal(10, after.Record.TotalTokens);
            Assert.Equal(1, after.Record.SourceLine);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_subagent_replay_of_a_parent_message_counts_once_across_files_and_polls()
    {
        var folder = Directory.CreateTempSubdirectory("tm-tail-");
        try
        {
            var parent = Path.Combine(folder.FullName, "s.jsonl");
            File.WriteAllText(parent, Line("1", 1000, 100));
            var tail = new LogTail([folder.FullName]);
            Assert.Single(tail.Poll());

            // The replay: same message id, a new request id, in the session's subagents file.
            var agents = Path.Combine(folder.FullName, "s", "subagents");
            Directory.CreateDirectory(agents);
            var replay = Line("1", 1000, 100).Replace("\"requestId\":\"r1\"", "\"requestId\":\"r9\"").Replace("\"type\":\"assistant\"", "\"type\":\"assistant\",\"isSidechain\":true");
            File.WriteAllText(Path.Combine(agents, "agent-1.jsonl"), replay + Line("2", 50, 5).Replace("\"type\":\"assistant\"", "\"type\":\"assistant\",\"isSidechain\":true"));
            var polled = tail.Poll();
            Assert.Equal(["m2"], polled.Select(p => p.Record.MessageId));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
