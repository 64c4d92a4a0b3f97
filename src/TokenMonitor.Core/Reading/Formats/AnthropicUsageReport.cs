using System.Text.Json;

namespace TokenMonitor.Reading.Formats;

/// <summary>
/// The Anthropic Admin API messages usage report (GET /v1/organizations/usage_report/messages;
/// docs/formats/api-batch-and-admin.md): buckets from starting_at to ending_at with results per group. Counts are
/// already split as TokenMonitor keeps them (uncached input, 5m and 1h cache writes, cache reads); the report has
/// no request count, so a row is one record with Requests 0.
/// </summary>
internal static class AnthropicUsageReport
{
    public static void Read(JsonElement root, FormatContext context)
    {
        foreach (var (start, end, row) in root.BucketRows("starting_at", "ending_at"))
        {
            var writes = row.Child("cache_creation");
            var record = new UsageRecord
            {
                Timestamp = start,
                Provider = "Anthropic",
                Model = row.Text("model") ?? "",
                InputTokens = row.Count("uncached_input_tokens") ?? 0,
                CacheReadTokens = row.Count("cache_read_input_tokens") ?? 0,
                CacheWrite5mTokens = writes?.Count("ephemeral_5m_input_tokens") ?? 0,
                CacheWrite1hTokens = writes?.Count("ephemeral_1h_input_tokens") ?? 0,
                OutputTokens = row.Count("output_tokens") ?? 0,
                Requests = 0,
                ServiceTier = row.Text("service_tier"),
                Project = row.Text("workspace_id"),
                User = row.Text("account_id") ?? row.Text("service_account_id"),
                Service = row.Text("api_key_id"),
                Format = "Anthropic.UsageReport",

                // Grouped by context_window, the report says which rows were billed at long-context rates.
                LongContextHint = row.Text("context_window") switch { "200k-1M" => true, "0-200k" => false, _ => null },
            };
            context.Add(record, "anthropic-usage", $"{start.ToUnixTimeSeconds()}:{end?.ToUnixTimeSeconds()}:{record.Model}:{record.Project}:{record.User}:{record.Service}:{record.ServiceTier}:{row.Text("context_window")}", row);
        }
    }
}
