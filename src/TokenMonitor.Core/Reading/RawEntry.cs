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

    /// <summary>
    /// DeepSeek's Chat Completions count cache hits here, not in cached_tokens; prompt_tokens includes them
    /// (https://api-docs.deepseek.com/api/create-chat-completion, https://api-docs.deepseek.com/guides/kv_cache).
    /// </summary>
    public long? PromptCacheHitTokens;

    /// <summary>
    /// All cache writes as Anthropic counts them: cache_creation_input_tokens is the total ccusage and the Console
    /// report; only without it does the TTL breakdown add up to the total.
    /// </summary>
    public readonly long AnthropicCacheWrites => CacheCreationInputTokens ?? (Ephemeral5mInputTokens ?? 0) + (Ephemeral1hInputTokens ?? 0);

    public string? Speed;
    public string? ServiceTier;

    // Gemini / Vertex usageMetadata (https://ai.google.dev/api/generate-content#UsageMetadata).
    public bool HasGemini;
    public long? PromptTokenCount;
    public long? CandidatesTokenCount;
    public long? CachedContentTokenCount;
    public long? ThoughtsTokenCount;
    public long? ToolUsePromptTokenCount;

    // AWS Bedrock Converse TokenUsage and model invocation log counts
    // (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_TokenUsage.html).
    public bool HasBedrock;
    public long? BedrockInput;
    public long? BedrockOutput;
    public long? BedrockCacheRead;
    public long? BedrockCacheWrite;
    public long? BedrockCacheWrite1h;
    public long? BedrockCacheWrite5m;
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

    /// <summary>An OpenAI Batch API output line: the call is in response.body.</summary>
    public bool IsOpenAIBatch;

    /// <summary>The line has a batch custom_id (OpenAI or Anthropic), even where its response is null.</summary>
    public bool IsBatchLine;

    /// <summary>An Anthropic Message Batches result line: result.type and result.message.</summary>
    public bool IsAnthropicBatch;
    public string? ResultType;

    public string? SchemaType;
    public string? User;
    public double? LatencyMs;

    /// <summary>Why a well-formed entry is not a billed call (a failed batch request); null for calls.</summary>
    public string? NotBilledReason;

    /// <summary>A top-level key of a format read as a whole document (Codex events, OTLP spans, usage reports).</summary>
    public bool NeedsStructuredReader;
}
