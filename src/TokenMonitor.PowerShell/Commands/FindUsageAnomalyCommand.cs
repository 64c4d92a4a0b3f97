using System.Management.Automation;
using TokenMonitor.Analytics;

namespace TokenMonitor.Commands;

/// <summary>Periods whose cost, tokens, requests or latency lie outside their robust expected range, per group.</summary>
[Cmdlet(VerbsCommon.Find, "UsageAnomaly")]
[OutputType(typeof(UsageAnomaly))]
public sealed class FindUsageAnomalyCommand : UsageAnalysisCommand
{
    private AnomalyDetector? _detector;

    [Parameter(Position = 0)]
    public AnalysisDimension[] GroupBy { get; set; } = [];

    [Parameter]
    public AnalysisMetric[] Metric { get; set; } = [AnalysisMetric.Cost, AnalysisMetric.Tokens, AnalysisMetric.Requests, AnalysisMetric.Latency];

    [Parameter]
    public AnalysisInterval Interval { get; set; } = AnalysisInterval.Day;

    /// <summary>|robust z| from which a period is an outlier.</summary>
    [Parameter]
    [ValidateRange(1.0, 100.0)]
    public double Threshold { get; set; } = 3.5;

    /// <summary>Cost at this many times its baseline is a Spike (Critical).</summary>
    [Parameter]
    [ValidateRange(1.0, 1000.0)]
    public double SpikeFactor { get; set; } = 3;

    /// <summary>Groups with fewer periods are not judged.</summary>
    [Parameter]
    [ValidateRange(3, 100000)]
    public int MinimumPeriods { get; set; } = 7;

    /// <summary>Compare with all periods instead of the same weekday or hour of day.</summary>
    [Parameter]
    public SwitchParameter NoSeasonality { get; set; }

    /// <summary>Report unusually low periods too, at Info.</summary>
    [Parameter]
    public SwitchParameter IncludeLow { get; set; }

    [Parameter]
    public string? TimeZone { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _detector = new AnomalyDetector(new AnomalyOptions
        {
            GroupBy = GroupBy,
            Metrics = Metric.Distinct().ToArray(),
            Interval = Interval,
            Threshold = Threshold,
            SpikeFactor = SpikeFactor,
            MinimumPeriods = MinimumPeriods,
            Seasonal = !NoSeasonality.IsPresent,
            IncludeLow = IncludeLow.IsPresent,
            TimeZone = FindZone(TimeZone),
        });
    }

    protected override void Add(UsageRecord record, TokenCost cost) => _detector!.Add(record, cost);

    protected override void EndProcessing()
    {
        foreach (var anomaly in _detector!.Anomalies()) WriteObject(anomaly);
    }
}
