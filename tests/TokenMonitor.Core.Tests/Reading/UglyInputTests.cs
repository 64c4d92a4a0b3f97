using System.Text;
using TokenMonitor.Reading;

namespace TokenMonitor.Tests.Reading;

/// <summary>Bad input gives an issue that names file, line and reason; every valid line around it still counts.</summary>
public class UglyInputTests
{
    private const string Good1 = """{"type":"assistant","timestamp":"2026-11-17T10:00:00.000Z","sessionId":"s1","requestId":"req_1","message":{"id":"msg_1","model":"claude-sonnet-4-5-20250929","usage":{"input_tokens":10,"output_tokens":20,"cache_read_input_tokens":100,"cache_creation_input_tokens":50}}}""";
    private const string Good2 = """{"type":"assistant","timestamp":"2026-11-17T10:01:00.000Z","sessionId":"s1","requestId":"req_2","message":{"id":"msg_2","model":"claude-sonnet-4-5-20250929","usage":{"input_tokens":1,"output_tokens":2}}}""";

    private static List<ReadItem> Read(string content, string name = "session.jsonl")
    {
        using var folder = new TempFolder();
        var file = folder.Write(name, content);
        return new UsageLogReader().Read([file]).ToList();
    }

    private static ReadIssue SingleIssue(List<ReadItem> items) => Assert.Single(items, i => i.Issue is not null).Issue!;

    [Fact]
    public void Truncated_line_in_the_middle()
    {
        var items = Read(Good1 + "\n" + Good1[..80] + "\n" + Good2 + "\n");
        var issue = SingleIssue(items);
        Assert.Equal(2, issue.Line);
        Assert.Equal(ReadIssueKind.TruncatedLine, issue.Kind);
        Assert.Equal(2, items.Count(i => i.Record is not null));
    }

    [Fact]
    public void Truncated_last_line_without_newline_is_reported_even_before_usage()
    {
        var items = Read(Good1 + "\n" + Good2[..40]);
        var issue = SingleIssue(items);
        Assert.Equal(2, issue.Line);
        Assert.Contains("incomplete", issue.Reason);
    }

    [Fact]
    public void Negative_count_names_the_field()
    {
        var bad = Good2.Replace("\"output_tokens\":2", "\"output_tokens\":-5");
        var issue = SingleIssue(Read(Good1 + "\n" + bad + "\n"));
        Assert.Equal(ReadIssueKind.InvalidValue, issue.Kind);
        Assert.Contains("message.usage.output_tokens", issue.Reason);
        Assert.Contains("-5", issue.Reason);
    }

    [Fact]
    public void Wrong_type_names_the_field()
    {
        var bad = Good2.Replace("\"input_tokens\":1", "\"input_tokens\":\"many\"");
        var issue = SingleIssue(Read(bad + "\n"));
        Assert.Contains("message.usage.input_tokens should be a whole number but is a string", issue.Reason);
    }

    [Fact]
    public void Fractional_count_is_rejected()
    {
        var issue = SingleIssue(Read(Good2.Replace("\"input_tokens\":1", "\"input_tokens\":1.5") + "\n"));
        Assert.Contains("not a whole number", issue.Reason);
    }

    [Fact]
    public void Bad_timestamp_is_rejected()
    {
        var issue = SingleIssue(Read(Good2.Replace("2026-11-17T10:01:00.000Z", "yesterday") + "\n"));
        Assert.Contains("timestamp", issue.Reason);
    }

    [Fact]
    public void Usage_line_without_timestamp_is_reported_not_dropped()
    {
        var issue = SingleIssue(Read(Good2.Replace("\"timestamp\":\"2026-11-17T10:01:00.000Z\",", "") + "\n"));
        Assert.Equal(ReadIssueKind.MissingField, issue.Kind);
    }

    [Fact]
    public void Trailing_garbage_after_the_object()
    {
        var issue = SingleIssue(Read(Good2 + " }\n"));
        Assert.Equal(ReadIssueKind.MalformedJson, issue.Kind);
    }

    [Fact]
    public void Crlf_bom_blank_lines_and_non_usage_lines_are_fine()
    {
        var content = "\uFEFF" + Good1 + "\r\n\r\n" + """{"type":"user","message":{"role":"user","content":"hi"}}""" + "\r\n" + Good2 + "\r\n";
        var items = Read(content);
        Assert.All(items, i => Assert.Null(i.Issue));
        Assert.Equal(2, items.Count);
        Assert.Equal(4, items[1].Record!.SourceLine);
    }

    [Fact]
    public void Repeated_values_are_reused_only_when_they_are_the_same_text()
    {
        var escaped = Good1.Replace("\"sessionId\":\"s1\"", "\"sessionId\":\"s\\u0031\"");
        var empty = Good2.Replace("\"sessionId\":\"s1\"", "\"sessionId\":\"\"");
        var plain = Good2.Replace("req_2", "req_3").Replace("msg_2", "msg_3");
        var records = Read(escaped + "\n" + empty + "\n" + plain + "\n").Select(i => i.Record!).ToList();
        Assert.Equal(["s1", "", "s1"], records.Select(r => r.SessionId));
    }

    [Fact]
    public void Empty_file_yields_nothing()
    {
        Assert.Empty(Read(""));
    }

    [Fact]
    public void Utf16_with_a_byte_order_mark_is_read_as_what_it_says()
    {
        using var folder = new TempFolder();
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Good1 + "\r\n" + Good2 + "\r\n")).ToArray();
        var file = folder.WriteBytes("utf16.jsonl", bytes);
        var items = new UsageLogReader().Read([file]).ToList();
        Assert.All(items, i => Assert.Null(i.Issue));
        Assert.Equal(2, items.Count);
    }

    [Fact]
    public void A_named_encoding_is_transcoded()
    {
        using var folder = new TempFolder();
        var line = Good1.Replace("\"sessionId\":\"s1\"", "\"sessionId\":\"café\"");
        var file = folder.WriteBytes("latin1.jsonl", Encoding.Latin1.GetBytes(line + "\n"));
        var record = Assert.Single(new UsageLogReader(new ReadOptions { Encoding = Encoding.Latin1 }).Read([file])).Record!;
        Assert.Equal("café", record.SessionId);
    }

    [Fact]
    public void Gzip_files_are_read_transparently_and_a_corrupt_one_is_named()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "session.jsonl.gz");
        using (var gz = new System.IO.Compression.GZipStream(File.Create(path), System.IO.Compression.CompressionLevel.Fastest))
        {
            gz.Write(Encoding.UTF8.GetBytes(Good1 + "\n" + Good2 + "\n"));
        }

        Assert.Equal(2, new UsageLogReader().Read([path]).Count(i => i.Record is not null));
        Assert.Contains(path, LogFileLocator.Enumerate(folder.Path, recurse: false));
        var broken = folder.WriteBytes("broken.jsonl.gz", [0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03]);
        Assert.Equal(ReadIssueKind.UnreadableFile, SingleIssue(new UsageLogReader().Read([broken]).ToList()).Kind);

        // A writer stopped mid-file: what was written still counts, and the cut is reported.
        var many = string.Concat(Enumerable.Range(0, 2000).Select(i => Good1.Replace("msg_1", $"msg_{i}") + "\n"));
        var whole = new MemoryStream();
        using (var gz = new System.IO.Compression.GZipStream(whole, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(Encoding.UTF8.GetBytes(many));
        }

        var cut = folder.WriteBytes("cut.jsonl.gz", whole.ToArray()[..(int)(whole.Length / 2)]);
        var items = new UsageLogReader().Read([cut]).ToList();
        // Two issues: the line the cut went through, and the file itself.
        Assert.Contains(items, i => i.Issue is { Kind: ReadIssueKind.UnreadableFile } issue && issue.Reason.Contains("cut off"));
        Assert.Contains(items, i => i.Issue is { Kind: ReadIssueKind.TruncatedLine });
        Assert.InRange(items.Count(i => i.Record is not null), 1, 1999);
    }

    [Fact]
    public void Zstandard_files_are_read_and_a_cut_one_is_reported()
    {
        using var folder = new TempFolder();
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 500).Select(i => Good1.Replace("msg_1", $"msg_{i}") + "\n")));
        var whole = new MemoryStream();
        using (var zstd = new ZstdSharp.CompressionStream(whole, leaveOpen: true))
        {
            zstd.Write(text);
        }

        var path = folder.WriteBytes("rollout-2026-11-10T09-14-03-019a6f2e-7c41-7d53-9b0e-5f2a8c1d4e67.jsonl.zst", whole.ToArray());
        Assert.Contains(path, LogFileLocator.Enumerate(folder.Path, recurse: false));
        Assert.Equal(500, new UsageLogReader().Read([path]).Count(i => i.Record is not null));

        var cut = folder.WriteBytes("cut.jsonl.zst", whole.ToArray()[..(int)(whole.Length / 2)]);
        var items = new UsageLogReader().Read([cut]).ToList();
        Assert.Contains(items, i => i.Issue is { Kind: ReadIssueKind.UnreadableFile or ReadIssueKind.TruncatedLine });
    }

    [Fact]
    public void Since_until_and_stamp()
    {
        using var folder = new TempFolder();
        var file = folder.Write("s.jsonl", Good1 + "\n" + Good2 + "\n");
        var options = new ReadOptions
        {
            Since = DateTimeOffset.Parse("2026-11-17T10:00:30Z"),
            Until = DateTimeOffset.Parse("2026-11-17T11:00:00Z"),
            Stamp = new RecordStamp(Project: "billing", Job: "nightly", Tags: ["ci"]),
        };
        var record = Assert.Single(new UsageLogReader(options).Read([file])).Record!;
        Assert.Equal("req_2", record.RequestId);
        Assert.Equal(("billing", "nightly"), (record.Project, record.Job));
        Assert.Equal(["ci"], record.Tags);
    }

    [Fact]
    public void Binary_garbage_line_is_reported()
    {
        var items = Read(Good1 + "\n\u0001\u0002\u0003garbage\n" + Good2 + "\n");
        Assert.Equal(2, SingleIssue(items).Line);
        Assert.Equal(2, items.Count(i => i.Record is not null));
    }

    [Fact]
    public void Missing_file_is_an_unreadable_file_issue()
    {
        var reader = new UsageLogReader();
        var issue = Assert.Single(reader.Read(["/nonexistent/dir/x.jsonl"])).Issue!;
        Assert.Equal(ReadIssueKind.UnreadableFile, issue.Kind);
        Assert.Equal(0, issue.Line);
    }

    [Fact]
    public void Huge_line_beyond_the_buffer_is_read_whole()
    {
        var padding = new string('x', 300_000);
        var big = Good1.Replace("\"sessionId\":\"s1\"", $"\"sessionId\":\"s1\",\"pad\":\"{padding}\"");
        var items = Read(big + "\n" + Good2 + "\n");
        Assert.All(items, i => Assert.Null(i.Issue));
        Assert.Equal(2, items.Count);
    }

    [Fact]
    public void Pretty_printed_document_with_a_syntax_error_names_the_line()
    {
        var items = Read("{\n  \"id\": \"chatcmpl-1\",\n  \"model\": \"gpt-4.1\",\n  \"usage\": {\"prompt_tokens\": 5,, }\n}\n", "response.json");
        var issue = SingleIssue(items);
        Assert.Equal(4, issue.Line);
    }

    [Fact]
    public void Pretty_printed_document_with_a_byte_order_mark()
    {
        var items = Read("\uFEFF{\n  \"id\": \"chatcmpl-1\",\n  \"created\": 1763380800,\n  \"model\": \"gpt-4.1\",\n  \"usage\": {\"prompt_tokens\": 5, \"completion_tokens\": 2}\n}\n", "response.json");
        var record = Assert.Single(items).Record!;
        Assert.Equal(5, record.InputTokens);
    }

    [Fact]
    public void Several_pretty_printed_objects_one_after_another()
    {
        const string one = "{\n  \"id\": \"chatcmpl-1\",\n  \"created\": 1763380800,\n  \"model\": \"gpt-4.1\",\n  \"usage\": {\"prompt_tokens\": 5, \"completion_tokens\": 2}\n}\n";
        var items = Read(one + one.Replace("chatcmpl-1", "chatcmpl-2") + "[\n" + one.Replace("chatcmpl-1", "chatcmpl-3") + "]\n", "jq-output.json");
        Assert.All(items, i => Assert.Null(i.Issue));
        Assert.Equal([1L, 7L, 14L], items.Select(i => i.Record!.SourceLine));
    }

    [Fact]
    public void Data_after_a_document_is_reported()
    {
        var items = Read("[{\"id\":\"chatcmpl-1\",\"created\":1763380800,\"model\":\"gpt-4.1\",\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}]\n42\n", "responses.json");
        Assert.Single(items, i => i.Record is not null);
        Assert.Equal(2, SingleIssue(items).Line);
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("1999-12-31T23:59:59Z")]
    [InlineData("2100-01-01T00:00:00Z")]
    public void Implausible_times_are_reported(string time)
    {
        var issue = SingleIssue(Read(Good2.Replace("2026-11-17T10:01:00.000Z", time) + "\n"));
        Assert.Equal(ReadIssueKind.InvalidValue, issue.Kind);
        Assert.Contains("plausible", issue.Reason);
    }

    [Fact]
    public void Implausible_unix_created_time_is_reported()
    {
        var issue = SingleIssue(Read("""{"id":"chatcmpl-1","created":-1,"model":"gpt-4.1","usage":{"prompt_tokens":5,"completion_tokens":2}}""" + "\n"));
        Assert.Contains("plausible", issue.Reason);
    }

    [Fact]
    public void A_time_without_a_zone_is_utc_not_local()
    {
        var record = Assert.Single(Read(Good2.Replace("2026-11-17T10:01:00.000Z", "2026-11-17T10:01:00") + "\n")).Record!;
        Assert.Equal(new DateTimeOffset(2026, 11, 17, 10, 1, 0, TimeSpan.Zero), record.Timestamp);
        var offset = Assert.Single(Read(Good2.Replace("2026-11-17T10:01:00.000Z", "2026-11-17T12:01:00+02:00") + "\n")).Record!;
        Assert.Equal(record.Timestamp, offset.Timestamp);
    }

    [Fact]
    public void Counts_no_call_can_have_are_reported_not_summed_into_overflow()
    {
        var issue = SingleIssue(Read(Good2.Replace("\"input_tokens\":1", $"\"input_tokens\":{long.MaxValue}") + "\n"));
        Assert.Equal(ReadIssueKind.InvalidValue, issue.Kind);
        Assert.Contains("more than any single call", issue.Reason);
    }

    [Fact]
    public void An_anthropic_shaped_response_for_an_openai_model_keeps_its_cache_counts()
    {
        // Proxies (LiteLLM, OpenRouter) answer any model in the Messages shape.
        var record = Assert.Single(Read("""{"id":"msg_1","type":"message","model":"gpt-4o","usage":{"input_tokens":10,"output_tokens":5,"cache_read_input_tokens":50,"cache_creation_input_tokens":7}}""" + "\n")).Record!;
        Assert.Equal("Anthropic.Message", record.Format);
        Assert.Equal(50, record.CacheReadTokens);
        Assert.Equal(7, record.CacheWrite5mTokens);
    }

    [Fact]
    public void Usage_object_of_an_unknown_provider_is_reported()
    {
        var issue = SingleIssue(Read("""{"id":"x","model":"mystery-1","usage":{"tokens_in":5}}""" + "\n"));
        Assert.Equal(ReadIssueKind.UnknownShape, issue.Kind);
    }
}

public class LineSplitterTests
{
    private static List<string> Lines(byte[] bytes, int initialBuffer = 16, int max = 1 << 20)
    {
        using var splitter = new LineSplitter(new MemoryStream(bytes), initialBuffer, max);
        var lines = new List<string>();
        while (splitter.MoveNext())
        {
            lines.Add(splitter.CurrentLineTooLong ? "<too long>" : Encoding.UTF8.GetString(splitter.Current));
        }

        return lines;
    }

    [Fact]
    public void Lines_longer_than_the_buffer_grow_it()
    {
        var text = string.Join("\n", Enumerable.Range(0, 50).Select(i => new string((char)('a' + i % 26), i * 7))) + "\n";
        Assert.Equal(text.Split('\n')[..^1], Lines(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Line_past_the_limit_is_skipped_and_counted_as_one_line()
    {
        var text = "short\n" + new string('y', 5000) + "\nafter\n";
        Assert.Equal(["short", "<too long>", "after"], Lines(Encoding.UTF8.GetBytes(text), 16, 1024));
    }

    [Fact]
    public void A_line_of_exactly_the_limit_is_read_and_one_byte_more_is_not()
    {
        var exact = new string('a', 1000);
        var over = new string('b', 1001);
        Assert.Equal([exact, "<too long>", "end", "<too long>"],
            Lines(Encoding.UTF8.GetBytes(exact + "\n" + over + "\nend\n" + over), 16, 1000));
    }

    [Fact]
    public void Byte_counts_add_up_to_the_file_size()
    {
        var bytes = Encoding.UTF8.GetBytes("one\r\ntwo\nthree");
        using var splitter = new LineSplitter(new MemoryStream(bytes), 4);
        while (splitter.MoveNext()) { }
        Assert.Equal(bytes.Length, splitter.BytesConsumed);
        Assert.Equal(3, splitter.LineNumber);
    }
}
