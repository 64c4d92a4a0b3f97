using System.Globalization;

namespace TokenMonitor.Reading;

/// <summary>
/// Which column (CSV/TSV) or property path (JSON, dotted) holds each UsageRecord field, for logs of any shape.
/// Well-known names are found by themselves (input_tokens, InputTokens, "input tokens" …); -ColumnMap names the
/// rest. PromptTokens is the whole prompt, cached tokens included, for sources that count input that way.
/// </summary>
public sealed class FieldMap
{
    private static readonly Dictionary<string, string[]> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Timestamp"] = ["timestamp", "time", "date", "datetime", "created_at", "createdat", "start_time", "starttime"],
        ["Model"] = ["model", "model_name", "modelname", "model_id", "modelid"],
        ["Provider"] = ["provider", "vendor"],
        ["InputTokens"] = ["input_tokens", "inputtokens", "uncached_input_tokens", "input"],
        ["PromptTokens"] = ["prompt_tokens", "prompttokens"],
        ["OutputTokens"] = ["output_tokens", "outputtokens", "completion_tokens", "completiontokens", "output"],
        ["CacheReadTokens"] = ["cache_read_tokens", "cachereadtokens", "cache_read_input_tokens", "cached_tokens", "cached_input_tokens"],
        ["CacheWrite5mTokens"] = ["cache_write_5m_tokens", "cachewrite5mtokens"],
        ["CacheWrite1hTokens"] = ["cache_write_1h_tokens", "cachewrite1htokens"],
        ["CacheWriteTokens"] = ["cache_write_tokens", "cachewritetokens", "cache_creation_input_tokens", "cache_creation_tokens"],
        ["ReasoningTokens"] = ["reasoning_tokens", "reasoningtokens"],
        ["Requests"] = ["requests", "num_requests", "num_model_requests", "request_count"],
        ["Cost"] = ["cost", "cost_usd", "costusd", "spend"],
        ["Project"] = ["project", "project_id"],
        ["User"] = ["user", "user_id", "userid"],
        ["Service"] = ["service", "app", "application"],
        ["Job"] = ["job", "job_name"],
        ["Tags"] = ["tags", "tag"],
        ["RequestId"] = ["request_id", "requestid", "id"],
        ["SessionId"] = ["session_id", "sessionid", "session"],
        ["LatencyMs"] = ["latency_ms", "latencyms", "duration_ms"],
        ["ServiceTier"] = ["service_tier", "servicetier", "tier"],
    };

    private readonly Dictionary<string, string> _source;

    private FieldMap(Dictionary<string, string> source) => _source = source;

    public static IReadOnlyCollection<string> FieldNames => Aliases.Keys;

    /// <summary>
    /// The map for these columns: the user's entries first (a field name that does not exist is refused, naming
    /// the ones that do), then the well-known names for the fields left.
    /// </summary>
    public static FieldMap Create(IReadOnlyDictionary<string, string>? user, IEnumerable<string> columns)
    {
        var source = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (field, column) in user ?? new Dictionary<string, string>())
        {
            if (!Aliases.ContainsKey(field))
            {
                throw new ArgumentException($"-ColumnMap names '{field}', which is not a usage field; use one of: {string.Join(", ", Aliases.Keys)}.");
            }

            source[field] = column;
        }

        var present = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in columns) present.TryAdd(Simplify(column), column);
        foreach (var (field, names) in Aliases)
        {
            if (source.ContainsKey(field)) continue;
            foreach (var name in names.Prepend(field))
            {
                if (present.TryGetValue(Simplify(name), out var column))
                {
                    source[field] = column;
                    break;
                }
            }
        }

        return new FieldMap(source);
    }

    /// <summary>A map of paths only (for JSON, whose objects may each have other properties).</summary>
    public static FieldMap ForPaths(IReadOnlyDictionary<string, string>? user, IEnumerable<string> topLevelNames) => Create(user, topLevelNames);

    public bool Has(string field) => _source.ContainsKey(field);

    public string? SourceOf(string field) => _source.GetValueOrDefault(field);

    /// <summary>Builds a record from the values a row or object holds; a bad value names its column.</summary>
    public UsageRecord Build(Func<string, string?> value, DateTimeOffset fallbackTime, string format)
    {
        string? Text(string field) => _source.TryGetValue(field, out var column) ? NullIfEmpty(value(column)) : null;
        long Count(string field) => Text(field) is { } text ? ParseCount(text, _source[field]) : 0;

        var prompt = Text("PromptTokens") is not null ? Count("PromptTokens") : (long?)null;
        var cacheRead = Count("CacheReadTokens");
        var write1h = Count("CacheWrite1hTokens");
        var write5m = Text("CacheWrite5mTokens") is not null ? Count("CacheWrite5mTokens") : Math.Max(0, Count("CacheWriteTokens") - write1h);
        var input = prompt is { } whole ? Math.Max(0, whole - cacheRead - write5m - write1h) : Count("InputTokens");
        var record = new UsageRecord
        {
            Timestamp = Text("Timestamp") is { } time ? ParseTime(time, _source["Timestamp"]) : fallbackTime,
            Model = Text("Model") ?? "",
            Provider = Text("Provider") ?? "",
            InputTokens = input,
            OutputTokens = Count("OutputTokens"),
            CacheReadTokens = cacheRead,
            CacheWrite5mTokens = write5m,
            CacheWrite1hTokens = write1h,
            ReasoningTokens = Count("ReasoningTokens"),
            Requests = Text("Requests") is not null ? Count("Requests") : 1,
            ReportedCost = Text("Cost") is { } cost ? ParseMoney(cost, _source["Cost"]) : null,
            Project = Text("Project"),
            User = Text("User"),
            Service = Text("Service"),
            Job = Text("Job"),
            Tags = Text("Tags")?.Split([';', ',', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
            RequestId = Text("RequestId"),
            SessionId = Text("SessionId"),
            LatencyMs = Text("LatencyMs") is { } latency ? ParseMilliseconds(latency, _source["LatencyMs"]) : null,
            ServiceTier = Text("ServiceTier"),
            Format = format,
        };
        return record;
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Simplify(string name) => name.Replace("_", "").Replace(" ", "").Replace("-", "").Replace(".", "");

    private static long ParseCount(string text, string column)
    {
        if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) || number != decimal.Truncate(number))
        {
            throw new UsageFormatException(ReadIssueKind.InvalidValue, $"{column} is '{text}', not a whole number");
        }

        if (number < 0) throw new UsageFormatException(ReadIssueKind.InvalidValue, $"{column} is negative ({text})");
        if (number > UsageJsonScanner.MaxTokensPerCall) throw new UsageFormatException(ReadIssueKind.InvalidValue, $"{column} is {text}, more than any single call can use");
        return (long)number;
    }

    private static double ParseMilliseconds(string text, string column) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0 && double.IsFinite(ms) ? ms
        : throw new UsageFormatException(ReadIssueKind.InvalidValue, $"{column} is '{text}', not a number of milliseconds");

    private static decimal ParseMoney(string text, string column) =>
        decimal.TryParse(text.TrimStart('$'), NumberStyles.Number, CultureInfo.InvariantCulture, out var money) && money >= 0 ? money
        : throw new UsageFormatException(ReadIssueKind.InvalidValue, $"{column} is '{text}', not an amount of dollars");

    private static DateTimeOffset ParseTime(string text, string column)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var unix))
        {
            // Seconds or milliseconds since 1970, whichever gives a time in the plausible range.
            var seconds = unix > 100_000_000_000 ? unix / 1000 : unix;
            if (seconds is < 946_684_800 or >= 4_102_444_800)
            {
                throw new UsageFormatException(ReadIssueKind.InvalidValue, $"{column} {text} is not a plausible time for a model call");
            }

            return unix > 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(unix) : DateTimeOffset.FromUnixTimeSeconds(unix);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? UsageJsonScanner.Plausible(time, column)
            : throw new UsageFormatException(ReadIssueKind.InvalidValue, $"{column} is '{text}', not a date and time");
    }
}
