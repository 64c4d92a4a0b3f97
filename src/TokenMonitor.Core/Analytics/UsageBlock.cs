namespace TokenMonitor.Analytics;

/// <summary>One 5-hour window of the kind coding plans meter, or the idle stretch between two of them.</summary>
public sealed class UsageBlock
{
    /// <summary>The start as an ISO 8601 UTC string; gap blocks are prefixed "gap-" (as ccusage names them).</summary>
    public string Id { get; init; } = "";
    public DateTimeOffset Start { get; init; }

    /// <summary>Exclusive end: Start plus the window length; for a gap, the first call of the next window.</summary>
    public DateTimeOffset End { get; init; }

    public bool IsGap { get; init; }

    /// <summary>The window holds the AsOf moment.</summary>
    public bool IsActive { get; init; }

    public DateTimeOffset AsOf { get; init; }
    public DateTimeOffset? FirstRecord { get; init; }
    public DateTimeOffset? LastRecord { get; init; }
    public long Requests { get; init; }
    public long InputTokens { get; init; }
    public long OutputTokens { get; init; }
    public long CacheReadTokens { get; init; }
    public long CacheWriteTokens { get; init; }
    public long TotalTokens { get; init; }
    public decimal Cost { get; init; }
    public long UnpricedRequests { get; init; }
    public string[] Models { get; init; } = [];

    /// <summary>Total tokens per minute between the first and the last call of the window; null with less than a minute of activity.</summary>
    public double? TokensPerMinute { get; init; }

    public decimal? CostPerHour { get; init; }

    /// <summary>For the active window: tokens at its end if the burn rate holds; otherwise what it used.</summary>
    public long ProjectedTokens { get; init; }

    public decimal ProjectedCost { get; init; }

    /// <summary>The plan limit compared with: given, or the highest completed window's tokens with -TokenLimit max.</summary>
    public long? TokenLimit { get; init; }

    /// <summary>TotalTokens as a percentage of TokenLimit.</summary>
    public double? PercentOfLimit { get; init; }

    public double? ProjectedPercentOfLimit { get; init; }

    /// <summary>When the active window reaches TokenLimit at the current burn rate, if before it ends.</summary>
    public DateTimeOffset? LimitReachedAt { get; init; }

    public TimeSpan? Remaining => IsActive ? End - AsOf : null;

    /// <summary>Ok; Warning from 80 % of the limit (ccusage's threshold) or when the projection passes it; Exceeded from 100 %.</summary>
    public AlertLevel Level { get; init; }

    public string Message { get; internal set; } = "";

    /// <summary>What the alert is about, for Send-UsageAlert: "5h window &lt;start&gt;".</summary>
    public string Budget => IsGap ? "gap" : $"5h window {Start.UtcDateTime:yyyy-MM-dd HH:mm}";

    public override string ToString() => Message;
}
