using System.Runtime.CompilerServices;
namespace TokenMonitor.Reading;

/// <summary>
/// Turns the raw fields of one JSON object into a <see cref="UsageRecord"/> in TokenMonitor's convention,
/// deciding the provider shape from the fields present.
/// </summary>
/// <remarks>
/// Conventions, from the providers' API references (read 2026-11-23):
/// Anthropic Messages <c>usage.input_tokens</c> already excludes cache reads and writes
/// (https://docs.anthropic.com/en/api/messages); OpenAI Chat Completions <c>prompt_tokens</c> and Responses
/// <c>input_tokens</c> include <c>cached_tokens</c>, and reasoning tokens are inside the completion/output count
/// (https://platform.openai.com/docs/api-reference/chat/object, https://platform.openai.com/docs/api-reference/responses/object).
/// </remarks>
internal static class RecordFactory
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static UsageRecord? Create(ref RawEntry e, SourceContext source, long line)
    {
        if (e.IsAnthropicBatch)
        {
            return FromAnthropicBatch(ref e, source, line);
        }

        if (e.HasMessageUsage)
        {
            return FromClaudeCode(ref e, source, line);
        }

        if (e.Usage.HasGemini)
        {
            return FromGemini(ref e, source, line);
        }

        if (e.Usage.HasBedrock)
        {
            return FromBedrock(ref e, source, line);
        }

        if (!e.HasUsage)
        {
            // An OpenAI Batch line without usage is a request that failed (an error, a non-200 status): not billed.
            if (e.IsOpenAIBatch || e.IsBatchLine) e.NotBilledReason = "batch request that failed";
            return null;
        }

        // The fields present decide the shape; the model name is only a last hint, because proxies such as
        // LiteLLM and OpenRouter answer any model in either provider's shape.
        if (e.Usage.PromptTokens is not null || e.Usage.CompletionTokens is not null)
        {
            return FromOpenAIChat(ref e, source, line);
        }

        if (e.Type == "message" || e.Usage.CacheCreationInputTokens is not null || e.Usage.CacheReadInputTokens is not null
            || e.Usage.HasCacheCreationBreakdown)
        {
            return FromAnthropicMessage(ref e, source, line);
        }

        if (e.ObjectKind == "response" || e.Usage.HasResponsesDetails)
        {
            return FromOpenAIResponse(ref e, source, line);
        }

        // Only now, where the fields leave it open (input_tokens and output_tokens alone), the caller's word decides.
        switch (source.ProviderHint?.ToLowerInvariant())
        {
            case "anthropic":
                return FromAnthropicMessage(ref e, source, line);
            case "openai" or "azure":
                return FromOpenAIResponse(ref e, source, line);
        }

        if (e.Model?.StartsWith("claude", StringComparison.OrdinalIgnoreCase) ?? false)
        {
            return FromAnthropicMessage(ref e, source, line);
        }

        if (LooksLikeOpenAIModel(e.Model))
        {
            return FromOpenAIResponse(ref e, source, line);
        }

        throw new UsageFormatException(ReadIssueKind.UnknownShape,
            "a usage object that matches no supported provider (OpenAI Chat Completions, OpenAI Responses, Anthropic Messages)");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static UsageRecord FromClaudeCode(ref RawEntry e, SourceContext source, long line)
    {
        var u = e.MessageUsage;
        if (u.InputTokens is null || u.OutputTokens is null)
        {
            throw new UsageFormatException(ReadIssueKind.MissingField, "message.usage lacks input_tokens or output_tokens");
        }

        if (e.Timestamp is null)
        {
            throw new UsageFormatException(ReadIssueKind.MissingField, "a usage line without a timestamp");
        }

        var record = new UsageRecord
        {
            Timestamp = e.Timestamp.Value,
            Provider = "Anthropic",
            Model = e.MessageModel ?? e.Model ?? "",
            RequestId = e.RequestId,
            MessageId = e.MessageId,
            SessionId = e.SessionId ?? source.SessionFromPath,
            Project = source.Project,
            IsSidechain = e.IsSidechain,
            ReportedCost = e.CostUsd,
            Format = "ClaudeCode",
        };
        ApplyAnthropicUsage(record, in u, e.ServiceTier);
        Locate(record, source, line, e.MessageId is null ? null : "claude", e.MessageId);
        return record;
    }

    private static UsageRecord FromAnthropicMessage(ref RawEntry e, SourceContext source, long line)
    {
        var record = new UsageRecord
        {
            Timestamp = e.Timestamp ?? FromUnix(e.CreatedUnixSeconds) ?? source.FileTime,
            Provider = "Anthropic",
            Model = e.Model ?? "",
            MessageId = e.Id,
            RequestId = e.RequestId,
            SessionId = e.SessionId,
            ReportedCost = e.CostUsd,
            Format = "Anthropic.Message",
        };
        ApplyAnthropicUsage(record, in e.Usage, e.ServiceTier);
        Locate(record, source, line, e.Id is null ? null : "anthropic", e.Id);
        return record;
    }

    /// <summary>A Message Batches result: only succeeded requests are billed (errored, canceled and expired are not).</summary>
    private static UsageRecord? FromAnthropicBatch(ref RawEntry e, SourceContext source, long line)
    {
        if (e.ResultType != "succeeded" || !e.HasMessageUsage)
        {
            e.NotBilledReason = $"batch result {e.ResultType ?? "without a type"}";
            return null;
        }

        var record = new UsageRecord
        {
            Timestamp = e.Timestamp ?? source.FileTime,
            Provider = "Anthropic",
            Model = e.MessageModel ?? "",
            MessageId = e.MessageId,
            Format = "Anthropic.Batch",
        };
        ApplyAnthropicUsage(record, in e.MessageUsage, null);
        record.ServiceTier = "batch";
        Locate(record, source, line, e.MessageId is null ? null : "anthropic", e.MessageId);
        return record;
    }

    /// <summary>
    /// Gemini and Vertex usageMetadata: promptTokenCount includes cached content; thoughts are billed as output
    /// but not counted in candidatesTokenCount; the tool-use prompt is billed as input.
    /// </summary>
    private static UsageRecord FromGemini(ref RawEntry e, SourceContext source, long line)
    {
        var u = e.Usage;
        var prompt = u.PromptTokenCount ?? 0;
        var cached = Math.Min(u.CachedContentTokenCount ?? 0, prompt);
        var thoughts = u.ThoughtsTokenCount ?? 0;
        var record = new UsageRecord
        {
            Timestamp = e.Timestamp ?? source.FileTime,
            Provider = "Google",
            Model = e.Model ?? "",
            RequestId = e.Id,
            InputTokens = prompt - cached + (u.ToolUsePromptTokenCount ?? 0),
            CacheReadTokens = cached,
            OutputTokens = (u.CandidatesTokenCount ?? 0) + thoughts,
            ReasoningTokens = thoughts,
            Format = "Gemini.GenerateContent",
        };
        Locate(record, source, line, e.Id is null ? null : "gemini", e.Id);
        return record;
    }

    /// <summary>Bedrock counts input without cache reads and writes; cacheDetails (or the body's usage) splits writes by TTL.</summary>
    private static UsageRecord FromBedrock(ref RawEntry e, SourceContext source, long line)
    {
        var u = e.Usage;
        var writes = u.BedrockCacheWrite ?? (u.BedrockCacheWrite5m ?? 0) + (u.BedrockCacheWrite1h ?? 0);
        var oneHour = Math.Min(u.BedrockCacheWrite1h ?? 0, writes);
        var record = new UsageRecord
        {
            Timestamp = e.Timestamp ?? source.FileTime,
            Provider = "AWS Bedrock",
            Model = e.Model ?? "",
            RequestId = e.RequestId,
            InputTokens = u.BedrockInput ?? 0,
            OutputTokens = u.BedrockOutput ?? 0,
            CacheReadTokens = u.BedrockCacheRead ?? 0,
            CacheWrite1hTokens = oneHour,
            CacheWrite5mTokens = writes - oneHour,
            LatencyMs = e.LatencyMs,
            User = e.User,
            Format = e.SchemaType is null ? "Bedrock.Converse" : "Bedrock.InvocationLog",
        };
        Locate(record, source, line, e.RequestId is null ? null : "bedrock", e.RequestId);
        return record;
    }

    private static void ApplyAnthropicUsage(UsageRecord record, in RawUsage u, string? outerTier)
    {
        record.InputTokens = u.InputTokens ?? 0;
        record.OutputTokens = u.OutputTokens ?? 0;
        record.CacheReadTokens = u.CacheReadInputTokens ?? 0;

        // The breakdown only says how much of the total was written with the 1-hour TTL; without one every write is 5-minute.
        var writes = u.AnthropicCacheWrites;
        var oneHour = Math.Min(u.Ephemeral1hInputTokens ?? 0, writes);
        record.CacheWrite1hTokens = oneHour;
        record.CacheWrite5mTokens = writes - oneHour;
        record.ReasoningTokens = u.ReasoningTokens ?? 0; // Anthropic's output_tokens_details.thinking_tokens, inside output_tokens
        record.Speed = u.Speed;
        record.ServiceTier = u.ServiceTier ?? outerTier;
    }

    private static UsageRecord FromOpenAIChat(ref RawEntry e, SourceContext source, long line)
    {
        var u = e.Usage;
        var prompt = u.PromptTokens ?? 0;
        var cached = Math.Min(u.CachedTokens ?? u.PromptCacheHitTokens ?? 0, prompt);
        var record = new UsageRecord
        {
            Timestamp = e.Timestamp ?? FromUnix(e.CreatedUnixSeconds) ?? source.FileTime,
            // DeepSeek answers in OpenAI's shape; its cache field, or its model name, says whose call it was.
            Provider = u.PromptCacheHitTokens is not null || (e.Model?.StartsWith("deepseek", StringComparison.OrdinalIgnoreCase) ?? false)
                ? "DeepSeek" : "OpenAI",
            Model = e.Model ?? "",
            RequestId = e.Id,
            InputTokens = prompt - cached,
            CacheReadTokens = cached,
            OutputTokens = u.CompletionTokens ?? 0,
            ReasoningTokens = u.ReasoningTokens ?? 0,
            ServiceTier = e.IsOpenAIBatch ? "batch" : e.ServiceTier,
            SessionId = e.SessionId,
            Format = e.IsOpenAIBatch ? "OpenAI.Batch" : "OpenAI.ChatCompletion",
        };
        Locate(record, source, line, e.Id is null ? null : "openai", e.Id);
        return record;
    }

    private static UsageRecord FromOpenAIResponse(ref RawEntry e, SourceContext source, long line)
    {
        var u = e.Usage;
        var input = u.InputTokens ?? 0;
        var cached = Math.Min(u.CachedTokens ?? 0, input);

        // Azure OpenAI adds input_tokens_details.cache_write_tokens (TTL not split): priced as 5-minute writes.
        var written = Math.Min(u.CacheWriteTokens ?? 0, input - cached);
        var record = new UsageRecord
        {
            Timestamp = e.Timestamp ?? FromUnix(e.CreatedUnixSeconds) ?? source.FileTime,
            Provider = "OpenAI",
            Model = e.Model ?? "",
            RequestId = e.Id,
            InputTokens = input - cached - written,
            CacheReadTokens = cached,
            CacheWrite5mTokens = written,
            OutputTokens = u.OutputTokens ?? 0,
            ReasoningTokens = u.ReasoningTokens ?? 0,
            ServiceTier = e.IsOpenAIBatch ? "batch" : e.ServiceTier,
            SessionId = e.SessionId,
            Format = e.IsOpenAIBatch ? "OpenAI.Batch" : "OpenAI.Response",
        };
        Locate(record, source, line, e.Id is null ? null : "openai", e.Id);
        return record;
    }

    internal static void Locate(UsageRecord record, SourceContext source, long line, string? keyPrefix, string? providerId)
    {
        record.SourceFile = source.File;
        record.SourceLine = line;
        record.Project ??= source.Project;
        record.KeyPrefix = keyPrefix;
        record.ProviderId = providerId;
    }

    private static DateTimeOffset? FromUnix(long? seconds) => seconds switch
    {
        null => null,
        < 946_684_800 or >= 4_102_444_800 => throw new UsageFormatException(ReadIssueKind.InvalidValue,
            $"created time {seconds} (Unix seconds) is not a plausible time for a model call"),
        _ => DateTimeOffset.FromUnixTimeSeconds(seconds.Value),
    };

    private static bool LooksLikeOpenAIModel(string? model) =>
        model is not null && (model.StartsWith("gpt-", StringComparison.OrdinalIgnoreCase)
            || model.StartsWith("chatgpt-", StringComparison.OrdinalIgnoreCase)
            || (model.Length > 1 && (model[0] == 'o' || model[0] == 'O') && char.IsAsciiDigit(model[1])));
}
