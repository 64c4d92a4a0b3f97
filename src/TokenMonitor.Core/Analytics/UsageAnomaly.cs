namespace TokenMonitor.Analytics;

public enum AnomalyKind
{
    /// <summary>Cost at or above the spike factor times its baseline, and a robust outlier.</summary>
    Spike,
    High,
    Low,
}

/// <summary>
/// One period of one group whose metric lies outside its expected range. Level and Message bind to Send-UsageAlert
/// by property name, and Budget names what the alert is about.
/// </summary>
public sealed class UsageAnomaly
{
    public DateTimeOffset Start { get; init; }
    public string Label { get; init; } = "";
    public string Group { get; init; } = "(all)";
    public AnalysisMetric Metric { get; init; }
    public AnomalyKind Kind { get; init; }
    public double Value { get; init; }

    /// <summary>The baseline: the median of the same weekday (or hour of day) where enough history holds one, else of every period.</summary>
    public double Expected { get; init; }

    public double ExpectedLow { get; init; }
    public double ExpectedHigh { get; init; }

    /// <summary>(Value − Expected) / (1.4826 × MAD of the residuals): how many robust standard deviations out.</summary>
    public double RobustZ { get; init; }

    /// <summary>Value / Expected; null when the baseline is zero.</summary>
    public double? Ratio { get; init; }

    public bool Seasonal { get; init; }
    public AlertLevel Level { get; init; }
    public string Message { get; internal set; } = "";
    public string Budget => $"anomaly {Group} {Metric}";

    public override string ToString() => Message;
}
