using System.Runtime.CompilerServices;
using System.Globalization;
using System.Text.Json;

namespace TokenMonitor.Reading;

/// <summary>
/// The envelopes around a call that other sources write: OpenAI Batch output (response.body), Anthropic Message
/// Batches results (result.message), Gemini/Vertex responses (usageMetadata), AWS Bedrock Converse responses and
/// model invocation logs. Field names from docs/formats/*.md, which cites each provider's reference.
/// </summary>
internal static partial class UsageJsonScanner
{
    /// <summary>Scans a top-level property this file knows; false leaves it to the caller to skip.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ScanEnvelope(ref Utf8JsonReader reader, ref RawEntry e, ScanCache cache)
    {
        // Claude Code lines carry a handful of properties no envelope uses (parentUuid, userType, cwd, version,
        // gitBranch, uuid); most are turned away here by their first letter before any name is compared.
        if (!reader.ValueIsEscaped && reader.ValueSpan is [var first, ..] && !EnvelopeInitials.Contains(first)) return false;

        if (reader.ValueTextEquals("custom_id"u8))
        {
            e.IsBatchLine = true;
            SkipValue(ref reader);
        }
        else if (reader.ValueTextEquals("response"u8))
        {
            if (StartObject(ref reader, "response")) ScanBatchResponse(ref reader, ref e, cache);
        }
        else if (reader.ValueTextEquals("result"u8))
        {
            if (StartObject(ref reader, "result")) ScanBatchResult(ref reader, ref e, cache);
        }
        else if (reader.ValueTextEquals("usageMetadata"u8))
        {
            if (StartObject(ref reader, "usageMetadata"))
            {
                e.Usage.HasGemini = true;
                ScanGeminiUsage(ref reader, ref e.Usage);
            }
        }
        else if (reader.ValueTextEquals("modelVersion"u8)) e.Model ??= ReadCached(ref reader, cache.Model, "modelVersion");
        else if (reader.ValueTextEquals("responseId"u8)) e.Id ??= ReadString(ref reader, "responseId");
        else if (reader.ValueTextEquals("createTime"u8)) e.Timestamp ??= ReadTimestamp(ref reader, "createTime");
        else if (reader.ValueTextEquals("metrics"u8))
        {
            if (StartObject(ref reader, "metrics")) ScanMetrics(ref reader, ref e);
        }
        else if (reader.ValueTextEquals("ResponseMetadata"u8))
        {
            if (StartObject(ref reader, "ResponseMetadata")) ScanAwsResponseMetadata(ref reader, ref e);
        }
        else if (reader.ValueTextEquals("schemaType"u8)) e.SchemaType = ReadString(ref reader, "schemaType");
        else if (reader.ValueTextEquals("modelId"u8)) e.Model ??= ReadCached(ref reader, cache.Model, "modelId");
        else if (reader.ValueTextEquals("identity"u8))
        {
            if (StartObject(ref reader, "identity")) e.User = ReadNamedString(ref reader, "arn"u8, "identity.arn");
        }
        else if (reader.ValueTextEquals("input"u8) || reader.ValueTextEquals("output"u8))
        {
            // Invocation logs keep counts in input and output objects, wherever schemaType stands in the line;
            // other shapes use these names for text or messages, which hold no counts and are passed over.
            var path = reader.ValueTextEquals("input"u8) ? "input" : "output";
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject) ScanInvocationCounts(ref reader, ref e, path);
            else reader.Skip();
        }
        else if (reader.ValueTextEquals("resourceSpans"u8) || reader.ValueTextEquals("payload"u8) || reader.ValueTextEquals("data"u8)
            || reader.ValueTextEquals("messages"u8) || reader.ValueTextEquals("attributes"u8) || reader.ValueTextEquals("tokens"u8)
            || reader.ValueTextEquals("projectHash"u8))
        {
            e.NeedsStructuredReader = true;
            SkipValue(ref reader);
        }
        else
        {
            return false;
        }

        return true;
    }

    private static ReadOnlySpan<byte> EnvelopeInitials => "rumcRsiopdat"u8; // 'c' covers custom_id and createTime

    /// <summary>
    /// A "response" object: an OpenAI Batch envelope (status_code and body), or a whole response nested in an event
    /// (Responses API streaming events such as response.completed), read as the call itself.
    /// </summary>
    private static void ScanBatchResponse(ref Utf8JsonReader reader, ref RawEntry e, ScanCache cache)
    {
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("body"u8))
            {
                // The body is a whole Chat Completions or Responses object: scan it as the line itself.
                e.IsOpenAIBatch = true;
                if (StartObject(ref reader, "response.body")) ScanTop(ref reader, ref e, cache);
            }
            else if (reader.ValueTextEquals("status_code"u8))
            {
                e.IsOpenAIBatch = true;
                SkipValue(ref reader);
            }
            else if (reader.ValueTextEquals("request_id"u8)) e.RequestId ??= ReadString(ref reader, "response.request_id");
            else if (!ScanTopProperty(ref reader, ref e, cache)) SkipValue(ref reader);
        }
    }

    private static void ScanBatchResult(ref Utf8JsonReader reader, ref RawEntry e, ScanCache cache)
    {
        e.IsAnthropicBatch = true;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("type"u8)) e.ResultType = ReadString(ref reader, "result.type");
            else if (reader.ValueTextEquals("message"u8))
            {
                if (StartObject(ref reader, "result.message"))
                {
                    e.HasMessage = true;
                    ScanMessage(ref reader, ref e, cache);
                }
            }
            else SkipValue(ref reader);
        }
    }

    private static void ScanGeminiUsage(ref Utf8JsonReader reader, ref RawUsage u)
    {
        const string path = "usageMetadata";
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("promptTokenCount"u8)) u.PromptTokenCount = ReadCount(ref reader, path, "promptTokenCount");
            else if (reader.ValueTextEquals("candidatesTokenCount"u8)) u.CandidatesTokenCount = ReadCount(ref reader, path, "candidatesTokenCount");
            else if (reader.ValueTextEquals("cachedContentTokenCount"u8)) u.CachedContentTokenCount = ReadCount(ref reader, path, "cachedContentTokenCount");
            else if (reader.ValueTextEquals("thoughtsTokenCount"u8)) u.ThoughtsTokenCount = ReadCount(ref reader, path, "thoughtsTokenCount");
            else if (reader.ValueTextEquals("toolUsePromptTokenCount"u8)) u.ToolUsePromptTokenCount = ReadCount(ref reader, path, "toolUsePromptTokenCount");
            else SkipValue(ref reader);
        }
    }

    private static void ScanMetrics(ref Utf8JsonReader reader, ref RawEntry e)
    {
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("latencyMs"u8))
            {
                e.LatencyMs = ReadCount(ref reader, "metrics", "latencyMs");
            }
            else
            {
                SkipValue(ref reader);
            }
        }
    }

    /// <summary>boto3's ResponseMetadata: the AWS request id, and the HTTP date header as the time of the call.</summary>
    private static void ScanAwsResponseMetadata(ref Utf8JsonReader reader, ref RawEntry e)
    {
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("RequestId"u8)) e.RequestId ??= ReadString(ref reader, "ResponseMetadata.RequestId");
            else if (reader.ValueTextEquals("HTTPHeaders"u8))
            {
                if (StartObject(ref reader, "ResponseMetadata.HTTPHeaders")
                    && ReadNamedString(ref reader, "date"u8, "ResponseMetadata.HTTPHeaders.date") is { } date
                    && HttpDate(date) is { } when)
                {
                    e.Timestamp ??= Plausible(when, "ResponseMetadata.HTTPHeaders.date");
                }
            }
            else SkipValue(ref reader);
        }
    }

    /// <summary>An RFC 1123 date ("Tue, 17 Nov 2026 14:03:22 GMT"); the day name is not checked against the date.</summary>
    private static DateTimeOffset? HttpDate(string text)
    {
        var comma = text.IndexOf(',');
        return DateTimeOffset.TryParseExact(text[(comma + 1)..].Trim(), "d MMM yyyy HH':'mm':'ss 'GMT'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var when) ? when : null;
    }

    /// <summary>Bedrock's usage object is camelCase where Anthropic's is snake_case; cacheDetails splits writes by TTL.</summary>
    private static bool ScanBedrockUsageField(ref Utf8JsonReader reader, ref RawUsage u, string path)
    {
        if (reader.ValueTextEquals("inputTokens"u8)) u.BedrockInput = ReadCount(ref reader, path, "inputTokens");
        else if (reader.ValueTextEquals("outputTokens"u8)) u.BedrockOutput = ReadCount(ref reader, path, "outputTokens");
        else if (reader.ValueTextEquals("cacheReadInputTokens"u8)) u.BedrockCacheRead = ReadCount(ref reader, path, "cacheReadInputTokens");
        else if (reader.ValueTextEquals("cacheWriteInputTokens"u8)) u.BedrockCacheWrite = ReadCount(ref reader, path, "cacheWriteInputTokens");
        else if (reader.ValueTextEquals("cacheDetails"u8)) ScanCacheDetails(ref reader, ref u, path);
        else return false;
        u.HasBedrock = true;
        return true;
    }

    private static void ScanCacheDetails(ref Utf8JsonReader reader, ref RawUsage u, string path)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return;
        if (reader.TokenType != JsonTokenType.StartArray) throw WrongType(path + ".cacheDetails", "an array", reader.TokenType);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip(); // a null or odd item holds no count
                continue;
            }

            string? ttl = null;
            long tokens = 0;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("ttl"u8)) ttl = ReadString(ref reader, path + ".cacheDetails.ttl");
                else if (reader.ValueTextEquals("inputTokens"u8)) tokens = ReadCount(ref reader, path + ".cacheDetails", "inputTokens") ?? 0;
                else SkipValue(ref reader);
            }

            if (ttl == "1h") u.BedrockCacheWrite1h = (u.BedrockCacheWrite1h ?? 0) + tokens;
            else u.BedrockCacheWrite5m = (u.BedrockCacheWrite5m ?? 0) + tokens;
        }
    }

    /// <summary>A model invocation log's input and output objects: token counts, and the response body's usage for the TTL split.</summary>
    private static void ScanInvocationCounts(ref Utf8JsonReader reader, ref RawEntry e, string path)
    {
        ref var u = ref e.Usage;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("inputTokenCount"u8)) u.BedrockInput = ReadCount(ref reader, path, "inputTokenCount");
            else if (reader.ValueTextEquals("outputTokenCount"u8)) u.BedrockOutput = ReadCount(ref reader, path, "outputTokenCount");
            else if (reader.ValueTextEquals("cacheReadInputTokenCount"u8)) u.BedrockCacheRead = ReadCount(ref reader, path, "cacheReadInputTokenCount");
            else if (reader.ValueTextEquals("cacheWriteInputTokenCount"u8)) u.BedrockCacheWrite = ReadCount(ref reader, path, "cacheWriteInputTokenCount");
            else if (reader.ValueTextEquals("outputBodyJson"u8))
            {
                if (StartObject(ref reader, path + ".outputBodyJson")) ScanInvocationBody(ref reader, ref e, path + ".outputBodyJson");
                continue;
            }
            else
            {
                SkipValue(ref reader);
                continue;
            }

            u.HasBedrock = true;
        }
    }

    private static void ScanInvocationBody(ref Utf8JsonReader reader, ref RawEntry e, string path)
    {
        ref var u = ref e.Usage;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("metrics"u8))
            {
                if (StartObject(ref reader, path + ".metrics")) ScanMetrics(ref reader, ref e);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                if (!StartObject(ref reader, path + ".usage")) continue;
                // Only the TTL split is taken from the body: the log's own counts are the billed ones.
                var body = default(RawUsage);
                while (NextProperty(ref reader))
                {
                    if (!ScanBedrockUsageField(ref reader, ref body, path + ".usage")) ScanAnthropicBreakdown(ref reader, ref body, path + ".usage");
                }

                u.BedrockCacheWrite1h ??= body.BedrockCacheWrite1h ?? body.Ephemeral1hInputTokens;
                u.BedrockCacheWrite5m ??= body.BedrockCacheWrite5m ?? body.Ephemeral5mInputTokens;
            }
            else
            {
                SkipValue(ref reader);
            }
        }
    }

    private static void ScanAnthropicBreakdown(ref Utf8JsonReader reader, ref RawUsage u, string path)
    {
        if (!reader.ValueTextEquals("cache_creation"u8))
        {
            SkipValue(ref reader);
        }
        else if (StartObject(ref reader, path + ".cache_creation"))
        {
            u.HasCacheCreationBreakdown = true;
            ScanDetails(ref reader, ref u, path + ".cache_creation");
        }
    }

    /// <summary>The string value of one property of the current object; the rest of the object is skipped.</summary>
    private static string? ReadNamedString(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, string path)
    {
        string? value = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals(name)) value = ReadString(ref reader, path);
            else SkipValue(ref reader);
        }

        return value;
    }
}
