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
    public void Empty_file_yields_nothing()
    {
        Assert.Empty(Read(""));
    }

    [Fact]
    public void Utf16_file_is_named_not_silently_empty()
    {
        using var folder = new TempFolder();
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Good1 + "\n")).ToArray();
        var file = folder.WriteBytes("utf16.jsonl", bytes);
        var issue = SingleIssue(new UsageLogReader().Read([file]).ToList());
        Assert.Equal(ReadIssueKind.UnreadableFile, issue.Kind);
        Assert.Contains("UTF-16", issue.Reason);
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
    public void Byte_counts_add_up_to_the_file_size()
    {
        var bytes = Encoding.UTF8.GetBytes("one\r\ntwo\nthree");
        using var splitter = new LineSplitter(new MemoryStream(bytes), 4);
        while (splitter.MoveNext()) { }
        Assert.Equal(bytes.Length, splitter.BytesConsumed);
        Assert.Equal(3, splitter.LineNumber);
    }
}
