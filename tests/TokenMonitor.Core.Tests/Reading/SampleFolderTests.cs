using TokenMonitor.Reading;

namespace TokenMonitor.Tests.Reading;

public class SampleFolderTests
{
    private static (List<UsageRecord> Records, List<ReadIssue> Issues, ReadStatistics Stats) ReadClaudeSamples()
    {
        var reader = new UsageLogReader();
        var files = LogFileLocator.Enumerate(RepoPaths.Sample("claude", "projects"), recurse: true).ToList();
        var items = reader.Read(files).ToList();
        return (items.Where(i => i.Record is not null).Select(i => i.Record!).ToList(),
                items.Where(i => i.Issue is not null).Select(i => i.Issue!).ToList(),
                reader.Statistics);
    }

    [Fact]
    public void Claude_folder_totals_match_the_oracle()
    {
        var (records, _, stats) = ReadClaudeSamples();
        var totals = Oracle.Claude.GetProperty("totals");

        Assert.Equal(Oracle.Claude.Long("records"), records.Count);
        Assert.Equal(Oracle.Claude.Long("duplicatesRemoved"), stats.DuplicatesRemoved);
        Assert.Equal(totals.Long("input"), records.Sum(r => r.InputTokens));
        Assert.Equal(totals.Long("output"), records.Sum(r => r.OutputTokens));
        Assert.Equal(totals.Long("cacheWrite5m"), records.Sum(r => r.CacheWrite5mTokens));
        Assert.Equal(totals.Long("cacheWrite1h"), records.Sum(r => r.CacheWrite1hTokens));
        Assert.Equal(totals.Long("cacheRead"), records.Sum(r => r.CacheReadTokens));
    }

    [Fact]
    public void Claude_folder_days_and_models_match_the_oracle()
    {
        var (records, _, _) = ReadClaudeSamples();
        foreach (var day in Oracle.Claude.GetProperty("byDayUtc").EnumerateObject())
        {
            var ofDay = records.Where(r => r.Timestamp.UtcDateTime.ToString("yyyy-MM-dd") == day.Name).ToList();
            Assert.Equal(day.Value.Long("records"), ofDay.Count);
            Assert.Equal(day.Value.Long("output"), ofDay.Sum(r => r.OutputTokens));
            Assert.Equal(day.Value.Long("cacheRead"), ofDay.Sum(r => r.CacheReadTokens));
        }

        foreach (var model in Oracle.Claude.GetProperty("byModel").EnumerateObject())
        {
            var ofModel = records.Where(r => r.Model == model.Name).ToList();
            Assert.Equal(model.Value.Long("records"), ofModel.Count);
            Assert.Equal(model.Value.Long("input"), ofModel.Sum(r => r.InputTokens));
        }
    }

    [Fact]
    public void The_one_malformed_line_is_reported_with_file_and_line_and_reading_goes_on()
    {
        var (records, issues, stats) = ReadClaudeSamples();
        var expected = Oracle.Claude.GetProperty("malformedLines")[0];

        var issue = Assert.Single(issues);
        Assert.EndsWith(expected.GetProperty("file").GetString()!.Replace('/', Path.DirectorySeparatorChar), issue.File);
        Assert.Equal(expected.Long("line"), issue.Line);
        Assert.Contains(issue.Kind, new[] { ReadIssueKind.TruncatedLine, ReadIssueKind.MalformedJson });
        Assert.Equal(1, stats.Issues);

        // Lines after the bad one in the same file were still read.
        Assert.Contains(records, r => r.SourceFile == issue.File && r.SourceLine > issue.Line);
    }

    [Fact]
    public void A_streamed_reply_counts_once_with_its_final_output_count()
    {
        var (records, _, _) = ReadClaudeSamples();
        var byKey = records.GroupBy(r => r.Key).Where(g => g.Key.StartsWith("claude:", StringComparison.Ordinal));
        Assert.All(byKey, g => Assert.Single(g));
        Assert.DoesNotContain(records, r => r.OutputTokens == 12);
        Assert.Contains(records, r => r.OutputTokens == 318);
    }

    [Fact]
    public void Project_and_session_come_from_the_folder_layout()
    {
        var (records, _, _) = ReadClaudeSamples();
        var subagent = records.Where(r => r.SourceFile!.Contains("subagents")).ToList();
        Assert.NotEmpty(subagent);
        Assert.All(subagent, r =>
        {
            Assert.Equal("-home-alice-src-webapp", r.Project);
            Assert.True(r.IsSidechain);
        });
        Assert.Contains(records, r => r.Project == "-home-alice-src-api");
        Assert.All(records, r => Assert.False(string.IsNullOrEmpty(r.SessionId)));
    }

    [Fact]
    public void Synthetic_and_costUSD_lines_are_kept_as_written()
    {
        var (records, _, _) = ReadClaudeSamples();
        var synthetic = Assert.Single(records, r => r.Model == "<synthetic>");
        Assert.Equal(0, synthetic.TotalTokens);
        var withCost = Assert.Single(records, r => r.ReportedCost is not null);
        Assert.Equal(0.0123m, withCost.ReportedCost);
    }

    [Theory]
    [InlineData("openai-chat-completion.json", "OpenAI.ChatCompletion")]
    [InlineData("openai-responses.jsonl", "OpenAI.Response")]
    [InlineData("anthropic-messages.json", "Anthropic.Message")]
    public void Api_files_normalise_to_uncached_input(string file, string format)
    {
        var items = new UsageLogReader().Read([RepoPaths.Sample("api", file)]).ToList();
        var expected = Oracle.Api(file);

        Assert.DoesNotContain(items, i => i.Issue is not null);
        var records = items.Select(i => i.Record!).ToList();
        Assert.Equal(expected.Long("records"), records.Count);
        Assert.All(records, r => Assert.Equal(format, r.Format));
        Assert.Equal(expected.Long("input"), records.Sum(r => r.InputTokens));
        Assert.Equal(expected.Long("output"), records.Sum(r => r.OutputTokens));
        Assert.Equal(expected.Long("cacheRead"), records.Sum(r => r.CacheReadTokens));
        Assert.Equal(expected.Long("cacheWrite5m"), records.Sum(r => r.CacheWrite5mTokens));
        Assert.Equal(expected.Long("cacheWrite1h"), records.Sum(r => r.CacheWrite1hTokens));
        Assert.Equal(expected.Long("reasoning"), records.Sum(r => r.ReasoningTokens));
    }

    [Fact]
    public void OpenAI_responses_take_their_time_from_created()
    {
        var record = new UsageLogReader().Read([RepoPaths.Sample("api", "openai-chat-completion.json")]).Single().Record!;
        var item = Oracle.Api("openai-chat-completion.json").GetProperty("items")[0];
        Assert.Equal(DateTimeOffset.Parse(item.GetProperty("created").GetString()!), record.Timestamp);
        Assert.Equal(item.GetProperty("model").GetString(), record.Model);
        Assert.Equal($"openai:{item.GetProperty("id").GetString()}", record.Key);
    }
}
