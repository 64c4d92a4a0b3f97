using System.Text.Json;
using System.Text.RegularExpressions;

namespace TokenMonitor.Reading.Formats;

/// <summary>Codex's cumulative counters at one token_count event (input includes cached, output includes reasoning).</summary>
internal readonly record struct CodexTotals(long Input, long Cached, long Output, long Reasoning)
{
    public static CodexTotals From(JsonElement usage, string path) => new(
        usage.Count("input_tokens") ?? 0, usage.Count("cached_input_tokens") ?? 0,
        usage.Count("output_tokens") ?? 0, usage.Count("reasoning_output_tokens") ?? 0);

    public CodexTotals Minus(CodexTotals earlier) =>
        new(Input - earlier.Input, Cached - earlier.Cached, Output - earlier.Output, Reasoning - earlier.Reasoning);

    public bool IsZero => Input == 0 && Cached == 0 && Output == 0 && Reasoning == 0;

    public bool AnyNegative => Input < 0 || Cached < 0 || Output < 0 || Reasoning < 0;
}

/// <summary>
/// OpenAI Codex CLI rollout files (~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl; docs/formats/agents-cloud-otel.md):
/// session_meta names the session and working folder, turn_context the model, and event_msg token_count carries
/// last_token_usage (this turn) and total_token_usage (the session so far). Codex writes the same totals again
/// after a turn; an event whose totals did not move is a repeat, not a call (ccusage#1288).
/// </summary>
internal static partial class CodexSession
{
    public static void Read(JsonElement root, FormatContext context)
    {
        var payload = root.Child("payload")!.Value;
        var state = context.State;
        switch (root.Text("type"))
        {
            case "session_meta":
                state.CodexSession = payload.Text("id");
                state.CodexCwd = payload.Text("cwd");
                return;
            case "turn_context":
                state.CodexModel = payload.Text("model") ?? state.CodexModel;
                return;
            case "event_msg" when payload.Text("type") == "token_count" && payload.Child("info") is { } info:
                ReadTokenCount(root, info, context);
                return;
        }
    }

    private static void ReadTokenCount(JsonElement root, JsonElement info, FormatContext context)
    {
        var state = context.State;
        var total = info.Child("total_token_usage") is { } t ? CodexTotals.From(t, "info.total_token_usage") : (CodexTotals?)null;
        if (total is { } now && now == state.CodexPrevious) return; // the same totals written again
        var turn = info.Child("last_token_usage") is { } last ? CodexTotals.From(last, "info.last_token_usage")
            : total?.Minus(state.CodexPrevious) ?? default;

        // Totals that went down mean the counters started again (a new session in the same file): count afresh.
        if (turn.AnyNegative && total is { } restarted) turn = restarted;
        if (total is { } current) state.CodexPrevious = current;
        if (turn.IsZero) return;

        var cached = Math.Min(turn.Cached, turn.Input);
        var session = state.CodexSession ?? SessionFromFileName(context.Source.File);
        var timestamp = root.Time("timestamp") ?? context.Source.FileTime;
        var record = new UsageRecord
        {
            Timestamp = timestamp,
            Provider = "OpenAI",
            Model = info.Text("model") ?? state.CodexModel ?? "",
            InputTokens = turn.Input - cached,
            CacheReadTokens = cached,
            OutputTokens = turn.Output,
            ReasoningTokens = turn.Reasoning,
            SessionId = session,
            Project = state.CodexCwd,
            Format = "Codex",
        };

        // Codex has no request id: the session, the time and the counts identify a turn across copies of a session.
        context.Add(record, "codex", $"{session}:{timestamp.UtcTicks}:{turn.Input}:{turn.Cached}:{turn.Output}:{turn.Reasoning}");
    }

    private static string? SessionFromFileName(string path)
    {
        var match = RolloutId().Match(Path.GetFileName(path));
        return match.Success ? match.Groups["id"].Value : null;
    }

    [GeneratedRegex(@"(?<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl", RegexOptions.IgnoreCase)]
    private static partial Regex RolloutId();
}
