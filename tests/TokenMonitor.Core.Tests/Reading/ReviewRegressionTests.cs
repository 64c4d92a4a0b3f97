using System.IO.Compression;
using System.Text;
using TokenMonitor.Pricing;
using TokenMonitor.Reading;

namespace TokenMonitor.Tests.Reading;

/// <summary>Inputs a review found to stop a run, lose counts or count wrongly; each stays fixed.</summary>
public class ReviewRegressionTests
{
    private const string Claude = """{"type":"assistant","timestamp":"2026-11-17T10:00:00.000Z","requestId":"r1","message":{"id":"m1","model":"claude-sonnet-4-5","usage":{"input_tokens":10,"output_tokens":5}}}""";

    private static (List<UsageRecord> Records, List<ReadIssue> Issues) Read(ReadOptions? options, params (string Name, byte[] Bytes)[] files)
    {
        using var folder = new TempFolder();
        var paths = files.Select(f => folder.WriteBytes(f.Name, f.Bytes)).ToList();
        var items = new UsageLogReader(options).Read(paths).ToList();
        return (items.Where(i => i.Record is not null).Select(i => i.Record!).ToList(), items.Where(i => i.Issue is not null).Select(i => i.Issue!).ToList());
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void A_damaged_archive_ends_its_file_not_the_run()
    {
        var (records, issues) = Read(null, ("bad.jsonl.zst", Utf8("x")), ("good.jsonl", Utf8(Claude + "\n")));
        Assert.Single(records);
        Assert.Equal(ReadIssueKind.UnreadableFile, Assert.Single(issues).Kind);
    }

    [Fact]
    public void Otel_attribute_values_written_bare_are_read()
    {
        const string span = """{"resourceSpans":[{"scopeSpans":[{"spans":[{"endTimeUnixNano":"1795101609874000000","attributes":[{"key":"gen_ai.request.model","value":"gpt-4.1"},{"key":"gen_ai.usage.input_tokens","value":5},{"key":"gen_ai.usage.output_tokens","value":{"intValue":"2"}}]}]}]}]}""";
        var (records, issues) = Read(null, ("spans.jsonl", Utf8(span + "\n")));
        Assert.Empty(issues);
        Assert.Equal((5L, 2L), (records[0].InputTokens, records[0].OutputTokens));
    }

    [Fact]
    public void Csv_with_repeated_or_empty_headers_short_rows_and_ids_reused_across_files()
    {
        var one = Utf8("id,model,input_tokens,output_tokens,InputTokens,,\n1,gpt-4.1,10,2,99,,\n2,gpt-4.1,20\n");
        var two = Utf8("id,model,input_tokens,output_tokens\n1,gpt-4.1,30,3\n");
        var (records, issues) = Read(null, ("one.csv", one), ("two.csv", two));
        Assert.Empty(issues);
        Assert.Equal([10L, 20L, 30L], records.Select(r => r.InputTokens)); // id 1 of another export is another call
    }

    [Theory]
    [InlineData("99999999999999999")]
    [InlineData("12")]
    public void Csv_times_out_of_range_are_reported(string time)
    {
        var (records, issues) = Read(null, ("t.csv", Utf8($"timestamp,model,input_tokens,output_tokens\n{time},gpt-4.1,1,1\n")));
        Assert.Empty(records);
        Assert.Contains("plausible", Assert.Single(issues).Reason);
    }

    [Fact]
    public void A_responses_stream_event_is_read_as_the_response_it_carries()
    {
        const string evt = """{"type":"response.completed","sequence_number":9,"response":{"id":"resp_1","object":"response","created_at":1795000000,"model":"gpt-5","usage":{"input_tokens":100,"input_tokens_details":{"cached_tokens":40},"output_tokens":7}}}""";
        var (records, issues) = Read(null, ("events.jsonl", Utf8(evt + "\n")));
        Assert.Empty(issues);
        Assert.Equal(("OpenAI.Response", 60L, 40L), (records[0].Format, records[0].InputTokens, records[0].CacheReadTokens));
    }

    [Fact]
    public void An_invocation_log_with_keys_in_any_order_keeps_its_counts()
    {
        const string sorted = """{"accountId":"1","input":{"inputTokenCount":412,"cacheReadInputTokenCount":8},"modelId":"anthropic.claude-haiku-4-5-20251001-v1:0","output":{"outputTokenCount":318,"outputBodyJson":{"usage":null,"metrics":{"latencyMs":9}}},"requestId":"abc","schemaType":"ModelInvocationLog","timestamp":"2026-11-18T09:41:07Z"}""";
        var (records, issues) = Read(null, ("log.jsonl", Utf8(sorted + "\n")));
        Assert.Empty(issues);
        Assert.Equal((412L, 318L, 8L, 9.0), (records[0].InputTokens, records[0].OutputTokens, records[0].CacheReadTokens, records[0].LatencyMs));
    }

    [Fact]
    public void Codex_totals_that_start_again_never_count_negative()
    {
        static string Event(int input, int output) =>
            "{\"timestamp\":\"2026-11-12T13:06:1" + input % 10 + ".000Z\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":{\"total_token_usage\":{\"input_tokens\":" + input + ",\"cached_input_tokens\":0,\"output_tokens\":" + output + ",\"reasoning_output_tokens\":0,\"total_tokens\":" + (input + output) + "}}}}";
        var (records, _) = Read(null, ("rollout.jsonl", Utf8(Event(500, 50) + "\n" + Event(100, 10) + "\n")));
        Assert.All(records, r => Assert.True(r.InputTokens >= 0 && r.OutputTokens >= 0));
        Assert.Equal([500L, 100L], records.Select(r => r.InputTokens));
    }

    [Fact]
    public void A_gzip_file_of_several_members_is_whole()
    {
        static byte[] Member(string text)
        {
            var buffer = new MemoryStream();
            using (var gz = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(Utf8(text));
            return buffer.ToArray();
        }

        var both = Member(Claude + "\n").Concat(Member(Claude.Replace("m1", "m2") + "\n")).ToArray();
        var (records, issues) = Read(null, ("joined.jsonl.gz", both));
        Assert.Empty(issues);
        Assert.Equal(2, records.Count);
    }

    [Fact]
    public void Rows_adding_up_many_requests_are_not_priced_as_one_long_request()
    {
        var calculator = new CostCalculator(PriceCatalog.Embedded, new PricingOptions());
        var bucket = new UsageRecord { Model = "claude-sonnet-4-5", InputTokens = 1_000_000, OutputTokens = 100_000, Requests = 50 };
        var cost = calculator.Price(bucket);
        Assert.Equal(4.5m, cost.Total); // base rates: 3 + 1.5
        Assert.True(cost.IsEstimated);   // whether any one request passed 200k is not known
        Assert.False(cost.IsLongContext);
    }

    [Fact]
    public void The_anthropic_report_says_which_rows_were_long_context()
    {
        const string report = """{"data":[{"starting_at":"2026-11-20T00:00:00Z","ending_at":"2026-11-21T00:00:00Z","results":[{"model":"claude-sonnet-4-5","uncached_input_tokens":1000000,"output_tokens":100000,"context_window":"0-200k"},{"model":"claude-sonnet-4-5","uncached_input_tokens":1000000,"output_tokens":100000,"context_window":"200k-1M"}]}]}""";
        var (records, _) = Read(null, ("report.json", Utf8(report)));
        var calculator = new CostCalculator(PriceCatalog.Embedded, new PricingOptions());
        Assert.Equal([4.5m, 8.25m], records.Select(r => calculator.Price(r).Total));
    }

    [Fact]
    public void A_pricing_threshold_written_as_text_is_refused_by_name()
    {
        var ex = Assert.Throws<InvalidDataException>(() => CatalogFile.Entries(
            new MemoryStream(Utf8("""{"models":[{"id":"m","input":1,"output":2,"longContext":{"threshold":"200000","input":2,"output":4}}]}""")), "f.json", "User"));
        Assert.Contains("longContext.threshold", ex.Message);
    }
}
