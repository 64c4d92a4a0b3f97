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
}
