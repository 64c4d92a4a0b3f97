namespace TokenMonitor.Tests.Store;

/// <summary>Records made up for store tests, with every field a store must keep set to something telling.</summary>
internal static class StoreRecords
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static UsageRecord Full(int i = 0) => new()
    {
        Timestamp = Start.AddTicks(1234567).AddMinutes(i),
        Provider = "anthropic",
        Model = i % 2 == 0 ? "claude-sonnet-4-5" : "claude-opus-4-1",
        InputTokens = 10 + i,
        OutputTokens = 200 + i,
        CacheReadTokens = 3000,
        CacheWrite5mTokens = 40,
        CacheWrite1hTokens = 5,
        ReasoningTokens = 7,
        Requests = 1,
        RequestId = $"req_{i}",
        MessageId = $"msg_{i}",
        SessionId = "session-1",
        Project = i % 3 == 0 ? "webapp" : "api",
        User = "alice",
        Service = "checkout",
        Job = "nightly",
        Tags = i % 2 == 0 ? ["team:core", "env:ci"] : [],
        LatencyMs = 1234.5678901,
        ServiceTier = "standard",
        Speed = i == 1 ? "fast" : null,
        ReportedCost = 0.0012300m,
        IsSidechain = false,
        Format = "ClaudeCode",
        SourceFile = "/logs/a.jsonl",
        SourceLine = i + 1,
        KeyPrefix = "claude",
        LongContextHint = i == 2 ? true : null,
    };

    public static List<UsageRecord> Many(int count, int offset = 0) => [.. Enumerable.Range(offset, count).Select(Full)];
}
