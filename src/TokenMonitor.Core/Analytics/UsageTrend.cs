namespace TokenMonitor.Analytics;

public enum TrendDirection
{
    Flat,
    Rising,
    Falling,
}

/// <summary>One period of a usage series, observed or forecast.</summary>
public sealed class TrendPoint
{
    /// <summary>The period's start in the chosen time zone.</summary>
    public DateTimeOffset Start { get; init; }
    public string Label { get; init; } = "";
    public AnalysisMetric Metric { get; init; }

    /// <summary>The metric's value: observed, or the forecast's centre; null where latency was not reported.</summary>
    public double? Value { get; init; }

    public decimal Cost { get; init; }
    public long Tokens { get; init; }
    public long Requests { get; init; }
    public bool IsForecast { get; init; }

    /// <summary>The forecast band (forecast points only).</summary>
    public double? Low { get; init; }

    public double? High { get; init; }

    /// <summary>The trend line's value at this period (points inside the fitted window only).</summary>
    public double? Fitted { get; init; }
}

/// <summary>A usage series with its trend, a forecast with a band, and the change week over week.</summary>
public sealed class UsageTrend
{
    public AnalysisMetric Metric { get; init; }
    public AnalysisInterval Interval { get; init; }
    public string TimeZone { get; init; } = "UTC";
    public DateTimeOffset From { get; init; }
    public DateTimeOffset To { get; init; }
    public int Periods { get; init; }

    /// <summary>How many of the latest periods the trend was fitted on.</summary>
    public int FittedPeriods { get; init; }

    /// <summary>Theil–Sen slope: the metric's change per period.</summary>
    public double Slope { get; init; }

    /// <summary>The slope as a share of the fitted window's median level (0.02 = 2 % per period).</summary>
    public double? SlopeShare { get; init; }

    public TrendDirection Direction { get; init; }

    /// <summary>The last week against the week before (0.25 = 25 % more); null without two whole weeks or with an empty week before.</summary>
    public double? WeekOverWeekChange { get; init; }

    public double? ThisWeek { get; init; }
    public double? LastWeek { get; init; }
    public double? NextForecast { get; init; }
    public double? NextForecastLow { get; init; }
    public double? NextForecastHigh { get; init; }

    /// <summary>The confidence of the forecast band, e.g. 0.95.</summary>
    public double Confidence { get; init; }

    public TrendPoint[] Points { get; init; } = [];
    public TrendPoint[] Forecast { get; init; } = [];
    public string Message { get; internal set; } = "";

    public override string ToString() => Message;
}
