using System.Text.Json;

namespace TokenMonitor.Reading.Formats;

/// <summary>
/// OpenTelemetry GenAI spans in OTLP JSON (ExportTraceServiceRequest; https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/):
/// one record per inference span. Agent spans repeat their children's usage and tool spans have none, so only
/// inference operations count. gen_ai.usage.input_tokens SHOULD include cache reads and writes; where the cache
/// counts do not fit inside it, the producer reported uncached input and it is kept as is.
/// </summary>
internal static class OtelSpans
{
    private static readonly HashSet<string> Inference = new(StringComparer.Ordinal)
    {
        "chat", "text_completion", "generate_content", "embeddings",
    };

    public static void Read(JsonElement root, FormatContext context)
    {
        foreach (var resource in root.Items("resourceSpans"))
        {
            var service = Attribute(resource.Child("resource"), "service.name");
            foreach (var scope in resource.Items("scopeSpans"))
            {
                foreach (var span in scope.Items("spans"))
                {
                    ReadSpan(span, service, context);
                }
            }
        }
    }

    private static void ReadSpan(JsonElement span, string? service, FormatContext context)
    {
        var attributes = span.Child("attributes");
        var operation = Attribute(attributes, "gen_ai.operation.name");
        var input = CountAttribute(attributes, "gen_ai.usage.input_tokens");
        var output = CountAttribute(attributes, "gen_ai.usage.output_tokens");
        if (input is null && output is null) return;
        if (operation is not null && !Inference.Contains(operation)) return;

        var cacheRead = CountAttribute(attributes, "gen_ai.usage.cache_read.input_tokens")
            ?? CountAttribute(attributes, "gen_ai.usage.input_tokens.cached") ?? 0;
        var cacheWrite = CountAttribute(attributes, "gen_ai.usage.cache_creation.input_tokens")
            ?? CountAttribute(attributes, "gen_ai.usage.input_tokens.cache_write") ?? 0;
        var prompt = input ?? 0;
        var uncached = cacheRead + cacheWrite <= prompt ? prompt - cacheRead - cacheWrite : prompt;
        var start = Nanos(span, "startTimeUnixNano");
        var end = Nanos(span, "endTimeUnixNano");
        var id = Attribute(attributes, "gen_ai.response.id");
        var record = new UsageRecord
        {
            Timestamp = end ?? start ?? context.Source.FileTime,
            Provider = ProviderName(Attribute(attributes, "gen_ai.provider.name") ?? Attribute(attributes, "gen_ai.system")),
            Model = Attribute(attributes, "gen_ai.response.model") ?? Attribute(attributes, "gen_ai.request.model") ?? "",
            RequestId = id,
            InputTokens = uncached,
            CacheReadTokens = cacheRead,
            CacheWrite5mTokens = cacheWrite,
            OutputTokens = output ?? 0,
            ReasoningTokens = CountAttribute(attributes, "gen_ai.usage.reasoning.output_tokens") ?? 0,
            SessionId = Attribute(attributes, "gen_ai.conversation.id"),
            Service = service,
            LatencyMs = start is { } s && end is { } e ? (e - s).TotalMilliseconds : null,
            Format = "OpenTelemetry",
        };
        context.Add(record, id is null ? null : "otel", id, span);
    }

    private static string ProviderName(string? otel) => otel switch
    {
        "openai" or "azure.ai.openai" => "OpenAI",
        "anthropic" => "Anthropic",
        "gcp.gemini" or "gcp.vertex_ai" or "gcp.gen_ai" => "Google",
        "aws.bedrock" => "AWS Bedrock",
        "mistral_ai" => "Mistral",
        "deepseek" => "DeepSeek",
        "x_ai" => "xAI",
        null => "",
        _ => otel,
    };

    private static DateTimeOffset? Nanos(JsonElement span, string name)
    {
        if (span.Child(name) is not { } value) return null;
        var nanos = JsonValues.WholeNumber(value, name);
        return nanos == 0 ? null : JsonValues.FromUnixSeconds(nanos / 1_000_000_000, name).AddTicks(nanos % 1_000_000_000 / 100);
    }

    /// <summary>An attribute's value: OTLP writes {"key": …, "value": {"stringValue"|"intValue"|…: …}}.</summary>
    private static JsonElement? Value(JsonElement? attributes, string key)
    {
        var list = attributes is { ValueKind: JsonValueKind.Array } array ? array
            : attributes?.Child("attributes") is { ValueKind: JsonValueKind.Array } nested ? nested : (JsonElement?)null;
        if (list is null) return null;
        foreach (var attribute in list.Value.EnumerateArray())
        {
            if (attribute.Text("key") == key && attribute.Child("value") is { } value)
            {
                // OTLP wraps values ({"intValue": "5"}); some exporters write them bare.
                if (value.ValueKind != JsonValueKind.Object) return value;
                foreach (var typed in value.EnumerateObject()) return typed.Value;
            }
        }

        return null;
    }

    private static string? Attribute(JsonElement? attributes, string key) =>
        Value(attributes, key) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static long? CountAttribute(JsonElement? attributes, string key) =>
        Value(attributes, key) is { } value ? JsonValues.CountValue(value, key) : null;
}
