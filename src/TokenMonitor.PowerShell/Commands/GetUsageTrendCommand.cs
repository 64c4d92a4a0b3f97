using System.Management.Automation;
using TokenMonitor.Analytics;

namespace TokenMonitor.Commands;

/// <summary>A daily or hourly usage series with its trend, a forecast with a band, and the change week over week.</summary>
[Cmdlet(VerbsCommon.Get, "UsageTrend", DefaultParameterSetName = TrendSet)]
[OutputType(typeof(UsageTrend), ParameterSetName = [TrendSet])]
[OutputType(typeof(TrendPoint), ParameterSetName = [SeriesSet])]
public sealed class GetUsageTrendCommand : UsageAnalysisCommand
{
    private const string TrendSet = "Trend";
    private const string SeriesSet = "Series";
    private TrendAnalyzer? _analyzer;

    [Parameter]
    public AnalysisInterval Interval { get; set; } = AnalysisInterval.Day;

    [Parameter(Position = 0)]
    public AnalysisMetric Metric { get; set; } = AnalysisMetric.Cost;

    /// <summary>How many periods to forecast.</summary>
    [Parameter]
    [ValidateRange(0, 366)]
    public int ForecastPeriods { get; set; } = 7;

    /// <summary>How many of the latest periods the trend is fitted on (28 days or 168 hours by default).</summary>
    [Parameter]
    [ValidateRange(2, 2000)]
    public int? Window { get; set; }

    /// <summary>A change across the window within this share of the median level counts as Flat.</summary>
    [Parameter]
    [ValidateRange(0.0, 10.0)]
    public double FlatBand { get; set; } = 0.10;

    [Parameter]
    [ValidateSet("0.8", "0.9", "0.95", "0.99")]
    public string Confidence { get; set; } = "0.95";

    /// <summary>IANA or Windows id for day boundaries; UTC by default.</summary>
    [Parameter]
    public string? TimeZone { get; set; }

    /// <summary>The last period of the series; the latest record's by default. Later records do not count.</summary>
    [Parameter]
    public DateTimeOffset? AsOf { get; set; }

    /// <summary>Write the periods (observed, then forecast) instead of one trend object.</summary>
    [Parameter(ParameterSetName = SeriesSet, Mandatory = true)]
    public SwitchParameter AsSeries { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _analyzer = new TrendAnalyzer(new TrendOptions
        {
            Interval = Interval,
            Metric = Metric,
            ForecastPeriods = ForecastPeriods,
            Window = Window,
            FlatBand = FlatBand,
            Confidence = double.Parse(Confidence, System.Globalization.CultureInfo.InvariantCulture),
            TimeZone = FindZone(TimeZone),
            AsOf = AsOf?.ToUniversalTime(),
        });
    }

    protected override void Add(UsageRecord record, TokenCost cost) => _analyzer!.Add(record, cost);

    protected override void EndProcessing()
    {
        if (_analyzer!.Result() is not { } trend) return;
        if (!AsSeries.IsPresent)
        {
            WriteObject(trend);
            return;
        }

        foreach (var point in trend.Points.Concat(trend.Forecast)) WriteObject(point);
    }
}
