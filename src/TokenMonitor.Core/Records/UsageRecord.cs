namespace TokenMonitor;

/// <summary>One model call, normalised to TokenMonitor's token convention.</summary>
/// <remarks>
/// <see cref="InputTokens"/> is the uncached input only; the whole prompt is
/// <c>InputTokens + CacheReadTokens + CacheWriteTokens</c>. <see cref="OutputTokens"/> includes reasoning;
/// <see cref="ReasoningTokens"/> says how many of those were reasoning.
/// </remarks>
public sealed class UsageRecord
{
    public DateTimeOffset Timestamp { get; set; }
    public string Provider { get; set; } = "";
    public string Model { get; set; } = "";
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }
    public long CacheReadTokens { get; set; }
    public long CacheWrite5mTokens { get; set; }
    public long CacheWrite1hTokens { get; set; }
    public long CacheWriteTokens => CacheWrite5mTokens + CacheWrite1hTokens;
    public long ReasoningTokens { get; set; }
    public long TotalTokens => InputTokens + OutputTokens + CacheReadTokens + CacheWriteTokens;

    /// <summary>How many calls the record stands for: 1 for a call, the bucket's count for an organization usage report.</summary>
    public long Requests { get; set; } = 1;

    /// <summary>The prompt size that decides long-context tiers: uncached input plus cache reads and writes.</summary>
    public long PromptTokens => InputTokens + CacheReadTokens + CacheWriteTokens;

    public string? RequestId { get; set; }
    public string? MessageId { get; set; }
    public string? SessionId { get; set; }
    public string? Project { get; set; }
    public string? User { get; set; }
    public string? Service { get; set; }
    public string? Job { get; set; }
    public string[] Tags { get; set; } = [];
    public double? LatencyMs { get; set; }

    /// <summary>standard, batch, priority, flex… as the source reports it; batch prices at the batch discount.</summary>
    public string? ServiceTier { get; set; }

    /// <summary>Claude's <c>usage.speed</c>: "fast" is priced with the model's fast multiplier.</summary>
    public string? Speed { get; set; }

    /// <summary>A cost the log itself carries (Claude Code's <c>costUSD</c>), used under CostMode Auto or Display.</summary>
    public decimal? ReportedCost { get; set; }

    public bool IsSidechain { get; set; }

    /// <summary>A copy of a call that dedup merged; present only with -IncludeDuplicates, and never counted in totals.</summary>
    public bool IsDuplicate { get; set; }

    /// <summary>Which reader produced the record, e.g. ClaudeCode, OpenAI.ChatCompletion, Anthropic.Message.</summary>
    public string Format { get; set; } = "";

    public string? SourceFile { get; set; }
    public long SourceLine { get; set; }

    private string? _key;

    /// <summary>Stable identity: provider ids where they exist, so the same call read twice counts once.</summary>
    /// <remarks>Composed on first read: most records of a big log are never asked for it.</remarks>
    public string Key
    {
        get => _key ??= ComposeKey();
        set => _key = value;
    }

    /// <summary>claude, openai, anthropic…: the key is a provider id (not a file position), so copies merge.</summary>
    internal string? KeyPrefix { get; set; }

    internal bool HasProviderKey => KeyPrefix is not null;

    /// <summary>
    /// Whether the source says the call was billed at long-context rates (the Anthropic usage report's
    /// context_window); null where the prompt size decides.
    /// </summary>
    internal bool? LongContextHint { get; set; }

    /// <summary>The key's digest, computed once: the file and the run both look a record up by it.</summary>
    internal ulong? DedupHash { get; set; }

    /// <summary>The message id's digest, for sidechain matching, computed once.</summary>
    internal ulong? MessageHash { get; set; }

    /// <summary>The provider id the key is built on, besides <see cref="MessageId"/> and <see cref="RequestId"/>.</summary>
    internal string? ProviderId { get; set; }

    /// <summary>The file of an incremental read this record came from (Import-UsageLog -Incremental), else null.</summary>
    internal Reading.FileDelivery? Delivery { get; set; }

    /// <summary>
    /// Files of an incremental read that were complete when this record was handed on: its own file when it is that
    /// file's last record, and files before it that handed on no record at all.
    /// </summary>
    internal List<Reading.FileDelivery>? Completes { get; set; }

    private string ComposeKey() => KeyPrefix switch
    {
        null => ComposeContentKey(),
        "claude" => $"claude:{MessageId}:{RequestId}",
        _ => $"{KeyPrefix}:{ProviderId}",
    };

    /// <summary>
    /// The source carried no time, so <see cref="Timestamp"/> is the file's last write (or when an object was read):
    /// it changes whenever the file is written, so the content key uses the line instead.
    /// </summary>
    internal bool TimeFromFile { get; set; }

    /// <summary>For a record read from an object handed over (not a file): the digest of that object's JSON bytes.</summary>
    internal string? SourceDigest { get; set; }

    /// <summary>
    /// A record without a provider id is keyed by what it says, not where it was read: a path and line named other
    /// calls once a file was replaced or truncated (new calls lost), two calls once it was renamed (stored twice),
    /// and every object piped to one invocation of Import-UsageLog "pipeline input 1:1" (all but the first lost).
    /// Two records equal in all of these are one call read twice. In-run dedup still never merges such records.
    /// A time the source did not carry (the file's last write) is no content: the line number stands in for it.
    /// </summary>
    private string ComposeContentKey()
    {
        var text = string.Join('\u0001',
            TimeFromFile ? "line " + SourceLine.ToString(System.Globalization.CultureInfo.InvariantCulture) : Timestamp.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Provider, Model,
            InputTokens.ToString(System.Globalization.CultureInfo.InvariantCulture), OutputTokens.ToString(System.Globalization.CultureInfo.InvariantCulture),
            CacheReadTokens.ToString(System.Globalization.CultureInfo.InvariantCulture), CacheWrite5mTokens.ToString(System.Globalization.CultureInfo.InvariantCulture),
            CacheWrite1hTokens.ToString(System.Globalization.CultureInfo.InvariantCulture), ReasoningTokens.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Requests.ToString(System.Globalization.CultureInfo.InvariantCulture), SessionId ?? "", User ?? "", ServiceTier ?? "", SourceDigest ?? "");
        var digest = System.IO.Hashing.XxHash128.Hash(System.Text.Encoding.UTF8.GetBytes(text));
        return "content:" + Convert.ToHexString(digest).ToLowerInvariant();
    }

    /// <summary>Empty until Measure-TokenCost prices the record.</summary>
    public TokenCost? Cost { get; set; }

    /// <summary>The pricing session that set <see cref="Cost"/> ahead, on a reading thread (see <see cref="Pricing.PricingSession.Prepare"/>).</summary>
    internal object? PricedBy { get; set; }

    public override string ToString() =>
        $"{Timestamp:u} {Model} in={InputTokens} out={OutputTokens} cacheRead={CacheReadTokens} cacheWrite={CacheWriteTokens}";
}
