namespace TokenMonitor.Reading;

/// <summary>
/// Every usage field any supported provider writes, as found, before normalisation.
/// Counts stay null when absent so that the normaliser can tell "0" from "not reported".
/// </summary>
internal struct RawUsage
{
    public long? InputTokens;
    public long? OutputTokens;
    public long? CacheCreationInputTokens;
    public long? CacheReadInputTokens;
    public long? Ephemeral5mInputTokens;
    public long? Ephemeral1hInputTokens;
    public bool HasCacheCreationBreakdown;
    public long? PromptTokens;
    public long? CompletionTokens;
    public long? CachedTokens;
    public long? CacheWriteTokens;
    public long? ReasoningTokens;
    public bool HasResponsesDetails;
    public string? Speed;
    public string? ServiceTier;
}

/// <summary>The fields of one JSON object (a log line or an API response) that decide its usage record.</summary>
internal struct RawEntry
{
    public string? Type;
    public string? ObjectKind;
    public string? Id;
    public string? Model;
    public string? SessionId;
    public string? RequestId;
    public string? ServiceTier;
    public DateTimeOffset? Timestamp;
    public long? CreatedUnixSeconds;
    public decimal? CostUsd;
    public bool IsSidechain;
    public bool HasUsage;
    public RawUsage Usage;
    public bool HasMessage;
    public string? MessageId;
    public string? MessageModel;
    public bool HasMessageUsage;
    public RawUsage MessageUsage;
}
