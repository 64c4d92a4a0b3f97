using TokenMonitor.Reading;

namespace TokenMonitor.Tests.Reading;

/// <summary>ccusage's dedup rules, each on a small hand-written log.</summary>
public class DedupTests
{
    private static string Line(string msg, string? req, int output, bool sidechain = false, string? speed = null, string ts = "2026-11-17T10:00:00.000Z")
    {
        var requestPart = req is null ? "" : $",\"requestId\":\"{req}\"";
        var speedPart = speed is null ? "" : $",\"speed\":\"{speed}\"";
        return "{\"type\":\"assistant\",\"timestamp\":\"" + ts + "\",\"isSidechain\":" + (sidechain ? "true" : "false")
            + ",\"sessionId\":\"s\"" + requestPart + ",\"message\":{\"id\":\"" + msg + "\",\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":5,\"output_tokens\":"
            + output + speedPart + "}}}";
    }

    private static List<UsageRecord> Read(params (string Name, string[] Lines)[] files)
    {
        using var folder = new TempFolder();
        var paths = files.Select(f => folder.Write(f.Name, string.Join("\n", f.Lines) + "\n")).ToList();
        return new UsageLogReader().Read(paths).Where(i => i.Record is not null).Select(i => i.Record!).ToList();
    }

    [Fact]
    public void Larger_copy_wins_wherever_it_stands_in_the_file()
    {
        var records = Read(("a.jsonl", [Line("m1", "r1", 300), Line("m1", "r1", 12), Line("m2", "r2", 7)]));
        Assert.Equal([300, 7], records.Select(r => r.OutputTokens));
    }

    [Fact]
    public void Later_larger_copy_replaces_the_partial_in_place()
    {
        var records = Read(("a.jsonl", [Line("m1", "r1", 12), Line("m2", "r2", 7), Line("m1", "r1", 300)]));
        Assert.Equal([300, 7], records.Select(r => r.OutputTokens));
    }

    [Fact]
    public void Same_message_with_another_request_id_is_another_call()
    {
        Assert.Equal(2, Read(("a.jsonl", [Line("m1", "r1", 10), Line("m1", "r2", 10)])).Count);
    }

    [Fact]
    public void Sidechain_replay_matches_on_message_id_and_the_main_copy_wins()
    {
        var records = Read(("a.jsonl", [Line("m1", "r-side", 10, sidechain: true), Line("m1", "r-main", 10)]));
        var kept = Assert.Single(records);
        Assert.False(kept.IsSidechain);
        Assert.Equal("r-main", kept.RequestId);
    }

    [Fact]
    public void A_larger_main_copy_after_a_sidechain_replay_is_kept_once()
    {
        var records = Read(("a.jsonl", [Line("m1", "r-side", 10, sidechain: true), Line("m1", "r-main", 10), Line("m1", "r-main", 300)]));
        var kept = Assert.Single(records);
        Assert.Equal(300, kept.OutputTokens);
        Assert.False(kept.IsSidechain);
    }

    [Fact]
    public void On_equal_totals_the_copy_with_speed_wins()
    {
        var kept = Assert.Single(Read(("a.jsonl", [Line("m1", "r1", 10), Line("m1", "r1", 10, speed: "fast")])));
        Assert.Equal("fast", kept.Speed);
    }

    [Fact]
    public void Copies_across_files_count_once()
    {
        var records = Read(("a.jsonl", [Line("m1", "r1", 10)]), ("b.jsonl", [Line("m1", "r1", 10), Line("m3", "r3", 1)]));
        Assert.Equal(2, records.Count);
    }

    [Fact]
    public void Lines_without_message_id_are_never_merged()
    {
        const string noId = """{"type":"assistant","timestamp":"2026-11-17T10:00:00.000Z","message":{"model":"claude-sonnet-4-5","usage":{"input_tokens":1,"output_tokens":1}}}""";
        Assert.Equal(2, Read(("a.jsonl", [noId, noId])).Count);
    }

    [Fact]
    public void An_api_response_logged_twice_counts_once()
    {
        const string response = """{"id":"chatcmpl-1","object":"chat.completion","created":1763380800,"model":"gpt-4.1","usage":{"prompt_tokens":10,"completion_tokens":5}}""";
        var records = Read(("a.jsonl", [response, response]), ("b.jsonl", [response]));
        Assert.Single(records);
    }

    [Fact]
    public void Include_duplicates_shows_merged_copies_marked_and_totals_ignore_them()
    {
        using var folder = new TempFolder();
        var a = folder.Write("a.jsonl", string.Join("\n", Line("m1", "r1", 12), Line("m1", "r1", 300)) + "\n");
        var b = folder.Write("b.jsonl", Line("m1", "r1", 300) + "\n");
        var reader = new UsageLogReader(new ReadOptions { IncludeDuplicates = true });
        var records = reader.Read([a, b]).Select(i => i.Record!).ToList();
        Assert.Equal([300, 12, 300], records.Select(r => r.OutputTokens));
        Assert.Equal([false, true, true], records.Select(r => r.IsDuplicate));
        Assert.Equal(1, reader.Statistics.Records);

        var aggregator = new TokenMonitor.Summaries.UsageAggregator(new TokenMonitor.Summaries.SummaryOptions());
        foreach (var r in records) aggregator.Add(r);
        Assert.Equal(1, Assert.Single(aggregator.Results()).Requests);
    }
}
