using System.Text.Json;
using TokenMonitor.Reading;

namespace TokenMonitor.Tests.Reading;

/// <summary>
/// Each fixture under Fixtures/ was written in a provider's documented shape, with the records TokenMonitor
/// must produce listed beside it in *.expected.json (sources and field names in docs/formats/*.md).
/// </summary>
public class FixtureTests
{
    private static readonly string Root = Path.Combine(RepoPaths.Root, "tests", "TokenMonitor.Core.Tests", "Fixtures");

    /// <summary>
    /// Fixture folders that are not usage sources (the LiteLLM price list, read by Update-ModelPricing), or whose reader
    /// is not written yet; listed so that a new fixture is never silently ignored.
    /// </summary>
    private static readonly string[] NotYetRead = ["litellm"];

    public static TheoryData<string> Expectations()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Root, "*.expected.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(Root, file);
            if (!NotYetRead.Any(source => relative.StartsWith(source + Path.DirectorySeparatorChar, StringComparison.Ordinal))) data.Add(relative);
        }

        return data;
    }

    [Fact]
    public void Every_fixture_folder_is_read_or_listed_as_not_yet_read()
    {
        var folders = Directory.EnumerateDirectories(Root).Select(folder => Path.GetFileName(folder)!).ToList();
        var covered = Directory.EnumerateFiles(Root, "*.expected.json", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(Root, file).Split(Path.DirectorySeparatorChar)[0]).Concat(NotYetRead).ToHashSet();
        Assert.All(folders, folder => Assert.Contains(folder, covered));
    }

    [Theory]
    [MemberData(nameof(Expectations))]
    public void Fixture_reads_to_its_expected_records(string expectationFile)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, expectationFile)));
        var expected = document.RootElement;
        var data = DataFileFor(expectationFile, expected);
        using var copy = new TempFolder();
        var file = Path.Combine(copy.Path, Path.GetFileName(data));
        File.Copy(data, file);

        // Sources without a time of their own (Gemini API responses, batch results) take the file's last write.
        File.SetLastWriteTimeUtc(file, new DateTime(2026, 11, 14, 12, 0, 0, DateTimeKind.Utc));

        var items = new UsageLogReader().Read([file]).ToList();
        Assert.Empty(items.Where(i => i.Issue is not null).Select(i => i.Issue!.ToString()));
        var records = items.Select(i => i.Record!).ToList();
        var rows = expected.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(rows.Count, records.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Compare(rows[i], records[i], $"{expectationFile} record {i + 1}");
        }
    }

    private static string DataFileFor(string expectationFile, JsonElement expected)
    {
        if (expected.TryGetProperty("file", out var named) && named.GetString() is { } relative)
        {
            return Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));
        }

        var stem = Path.Combine(Root, expectationFile[..^".expected.json".Length]);
        return new[] { ".jsonl", ".json", ".log" }.Select(ext => stem + ext).First(File.Exists);
    }

    private static void Compare(JsonElement row, UsageRecord record, string where)
    {
        void Equal<T>(T expected, T actual, string field) => Assert.True(EqualityComparer<T>.Default.Equals(expected, actual), $"{where}: {field} expected {expected}, got {actual}");

        Equal(row.GetProperty("line").GetInt64(), record.SourceLine, "line");
        Equal(row.GetProperty("provider").GetString(), record.Provider, "provider");
        Equal(row.GetProperty("model").GetString() ?? "", record.Model, "model");
        Equal(row.GetProperty("inputTokens").GetInt64(), record.InputTokens, "inputTokens");
        Equal(row.GetProperty("outputTokens").GetInt64(), record.OutputTokens, "outputTokens");
        Equal(row.GetProperty("cacheReadTokens").GetInt64(), record.CacheReadTokens, "cacheReadTokens");
        Equal(row.GetProperty("cacheWrite5mTokens").GetInt64(), record.CacheWrite5mTokens, "cacheWrite5mTokens");
        Equal(row.GetProperty("cacheWrite1hTokens").GetInt64(), record.CacheWrite1hTokens, "cacheWrite1hTokens");
        Equal(row.GetProperty("reasoningTokens").GetInt64(), record.ReasoningTokens, "reasoningTokens");
        if (row.GetProperty("timestamp").GetString() is { } time)
        {
            Equal(DateTimeOffset.Parse(time).UtcTicks / TimeSpan.TicksPerMillisecond, record.Timestamp.UtcTicks / TimeSpan.TicksPerMillisecond, "timestamp");
        }

        if (row.TryGetProperty("requests", out var requests) && requests.ValueKind == JsonValueKind.Number) Equal(requests.GetInt64(), record.Requests, "requests");
        if (row.TryGetProperty("requestId", out var id) && id.GetString() is { } requestId) Equal(requestId, record.RequestId ?? record.MessageId, "requestId");
        if (row.TryGetProperty("serviceTier", out var tier)) Equal(tier.GetString(), record.ServiceTier, "serviceTier");
        if (row.TryGetProperty("sessionId", out var session)) Equal(session.GetString(), record.SessionId, "sessionId");
        if (row.TryGetProperty("project", out var project)) Equal(project.GetString(), record.Project, "project");
        if (row.TryGetProperty("user", out var user)) Equal(user.GetString(), record.User, "user");
        if (row.TryGetProperty("service", out var service)) Equal(service.GetString(), record.Service, "service");
        if (row.TryGetProperty("latencyMs", out var latency) && latency.ValueKind == JsonValueKind.Number) Equal(latency.GetDouble(), record.LatencyMs, "latencyMs");
    }

    [Theory]
    [InlineData("anthropic-batch/results.jsonl", 2)]
    [InlineData("anthropic-batch/results-canceled.jsonl", 2)]
    [InlineData("openai-batch/chat-completions-errors.jsonl", 3)]
    [InlineData("openai-batch/responses-output.jsonl", 1)]
    public void Failed_batch_requests_are_counted_as_not_billed_not_as_errors(string fixture, int failed)
    {
        var reader = new UsageLogReader();
        var items = reader.Read([Path.Combine(Root, fixture.Replace('/', Path.DirectorySeparatorChar))]).ToList();
        Assert.DoesNotContain(items, i => i.Issue is not null);
        Assert.Equal(failed, reader.Statistics.NotBilled.Values.Sum());
    }
}
