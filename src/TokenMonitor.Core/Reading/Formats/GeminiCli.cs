using System.Text.Json;

namespace TokenMonitor.Reading.Formats;

/// <summary>
/// Gemini CLI (docs/formats/agents-cloud-otel.md): chat recordings under ~/.gemini/tmp/&lt;project&gt;/chats, as JSON
/// Lines (a session line, then messages, re-appended on every update) or, from older versions, one JSON document
/// with a messages array; and the telemetry outfile, whose gemini_cli.api_response events carry each call's counts
/// (including helper calls the chats never show). Counts are usageMetadata's: input includes cached content, output
/// excludes thoughts, the tool-use prompt is billed as input.
/// </summary>
internal static class GeminiCli
{
    public static void ReadChat(JsonElement root, FormatContext context)
    {
        if (root.Text("sessionId") is { } session) context.State.GeminiSession = session;
        if (root.Child("messages") is { ValueKind: JsonValueKind.Array } messages)
        {
            foreach (var message in messages.EnumerateArray()) ReadMessage(message, context, message);
            return;
        }

        ReadMessage(root, context, null);
    }

    private static void ReadMessage(JsonElement message, FormatContext context, JsonElement? position)
    {
        if (message.Text("type") != "gemini" || message.Child("tokens") is not { ValueKind: JsonValueKind.Object } tokens) return;
        var id = message.Text("id");
        var record = Build(message.Time("timestamp"), message.Text("model"), tokens.Count("input"), tokens.Count("cached"),
            tokens.Count("output"), tokens.Count("thoughts"), tokens.Count("tool"), context);
        record.RequestId = id;
        record.SessionId = context.State.GeminiSession;
        record.Format = "GeminiCli";
        context.Add(record, id is null ? null : "gemini-cli", id, position);
    }

    public static void ReadTelemetry(JsonElement root, JsonElement attributes, FormatContext context)
    {
        if (attributes.Text("event.name") != "gemini_cli.api_response") return;
        var record = Build(attributes.Time("event.timestamp"), attributes.Text("model"), attributes.Count("input_token_count"),
            attributes.Count("cached_content_token_count"), attributes.Count("output_token_count"), attributes.Count("thoughts_token_count"),
            attributes.Count("tool_token_count"), context);
        record.SessionId = attributes.Text("session.id");
        record.LatencyMs = attributes.Count("duration_ms");
        record.Format = "GeminiCli.Telemetry";

        // No response id: the session, the time, the model and the counts identify a call.
        context.Add(record, "gemini-cli-telemetry",
            $"{record.SessionId}:{record.Timestamp.UtcTicks}:{record.Model}:{record.InputTokens}:{record.OutputTokens}:{record.CacheReadTokens}");
    }

    private static UsageRecord Build(DateTimeOffset? time, string? model, long? input, long? cached, long? output, long? thoughts, long? tool,
        FormatContext context)
    {
        var prompt = input ?? 0;
        var hit = Math.Min(cached ?? 0, prompt);
        return new UsageRecord
        {
            Timestamp = time ?? context.Source.FileTime,
            Provider = "Google",
            Model = model ?? "",
            InputTokens = prompt - hit + (tool ?? 0),
            CacheReadTokens = hit,
            OutputTokens = (output ?? 0) + (thoughts ?? 0),
            ReasoningTokens = thoughts ?? 0,
        };
    }
}
