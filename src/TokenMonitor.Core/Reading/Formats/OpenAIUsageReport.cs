using System.Text.Json;

namespace TokenMonitor.Reading.Formats;

/// <summary>
/// The OpenAI organization Usage API, completions (GET /v1/organization/usage/completions; docs/formats/api-batch-and-admin.md):
/// a page of time buckets, each with results per group. A result is many requests (num_model_requests), so it
/// becomes one record with that request count, at the bucket's start. input_tokens includes cached and
/// cache-write tokens; input_uncached_tokens, where present, is the uncached part.
/// </summary>
internal static class OpenAIUsageReport
{
    public static void Read(JsonElement root, FormatContext context)
    {
        foreach (var (start, end, row) in root.BucketRows("start_time", "end_time"))
        {
            var input = row.Count("input_tokens") ?? 0;
            var cached = Math.Min(row.Count("input_cached_tokens") ?? 0, input);
            var written = Math.Min(row.Count("input_cache_write_tokens") ?? 0, input - cached);
            var batch = row.Child("batch") is { ValueKind: JsonValueKind.True };
            var record = new UsageRecord
            {
                Timestamp = start,
                Provider = "OpenAI",
                Model = row.Text("model") ?? "",
                InputTokens = row.Count("input_uncached_tokens") ?? input - cached - written,
                CacheReadTokens = cached,
                CacheWrite5mTokens = written,
                OutputTokens = row.Count("output_tokens") ?? 0,
                Requests = row.Count("num_model_requests") ?? 0,
                ServiceTier = batch ? "batch" : row.Text("service_tier"),
                Project = row.Text("project_id"),
                User = row.Text("user_id"),
                Service = row.Text("api_key_id"),
                Format = "OpenAI.UsageReport",
            };

            // A bucket row has no call id: its bucket and group values identify it, so a page read twice counts once.
            context.Add(record, "openai-usage", $"{start.ToUnixTimeSeconds()}:{end?.ToUnixTimeSeconds()}:{record.Model}:{record.Project}:{record.User}:{record.Service}:{batch}:{record.ServiceTier}", row);
        }
    }
}
