using System.Globalization;

namespace TokenMonitor.Analytics;

public sealed record AnomalyOptions
{
    public AnalysisInterval Interval { get; init; } = AnalysisInterval.Day;
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;
    public IReadOnlyList<AnalysisDimension> GroupBy { get; init; } = [];
    public IReadOnlyList<AnalysisMetric> Metrics { get; init; } = [AnalysisMetric.Cost, AnalysisMetric.Tokens, AnalysisMetric.Requests, AnalysisMetric.Latency];

    /// <summary>|robust z| from which a period is an outlier; 3.5 is Iglewicz and Hoaglin's recommendation.</summary>
    public double Threshold { get; init; } = 3.5;

    /// <summary>Cost at this many times its baseline (and an outlier) is a Spike, at Critical.</summary>
    public double SpikeFactor { get; init; } = 3;

    /// <summary>Groups with fewer periods of history are not judged.</summary>
    public int MinimumPeriods { get; init; } = 7;

    /// <summary>Compare each period with the same weekday (days) or hour of day (hours) once a slot has this many periods.</summary>
    public int MinimumSeasonPeriods { get; init; } = 3;

    public bool Seasonal { get; init; } = true;

    /// <summary>Report unusually low periods too (at Info).</summary>
    public bool IncludeLow { get; init; }
}

/// <summary>
/// Robust outliers per group: each period against the median of its season (weekday or hour of day), scaled by the
/// MAD of every period's residual, so a handful of spikes moves neither the baseline nor the scale. Totals stream
/// into per-group, per-period buckets in one pass; the medians need each group's period values, which is a list per
/// group as long as the series, not per call.
/// </summary>
public sealed class AnomalyDetector(AnomalyOptions options)
{
    private readonly PeriodClock _clock = new(options.Interval, options.TimeZone);
    private readonly Dictionary<string, Dictionary<DateTimeOffset, PeriodTotals>> _groups = new(StringComparer.Ordinal);
    private DateTimeOffset? _last;

    public void Add(UsageRecord record, TokenCost? cost)
    {
        if (record.IsDuplicate) return;
        var group = AnalysisGroups.Label(record, options.GroupBy);
        if (!_groups.TryGetValue(group, out var periods)) _groups[group] = periods = [];
        var start = _clock.StartOf(record.Timestamp);
        if (!periods.TryGetValue(start, out var totals)) periods[start] = totals = new PeriodTotals();
        totals.Add(record, cost ?? record.Cost);
        if (_last is null || start > _last) _last = start;
    }

    public IEnumerable<UsageAnomaly> Anomalies()
    {
        var found = new List<UsageAnomaly>();
        foreach (var (group, periods) in _groups.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            // Periods without calls are part of the pattern (a quiet weekend is what makes Monday normal), so the
            // series runs from the group's first period to the last period of any group, with zeros filled in.
            var series = new List<(DateTimeOffset Start, PeriodTotals? Totals)>();
            for (var at = periods.Keys.Min(); at <= _last; at = _clock.Next(at)) series.Add((at, periods.GetValueOrDefault(at)));
            foreach (var metric in options.Metrics) found.AddRange(Judge(group, metric, series));
        }

        return found.OrderBy(a => a.Start).ThenBy(a => a.Group, StringComparer.Ordinal).ThenBy(a => a.Metric);
    }

    private IEnumerable<UsageAnomaly> Judge(string group, AnalysisMetric metric, List<(DateTimeOffset Start, PeriodTotals? Totals)> series)
    {
        var values = new List<(DateTimeOffset Start, int Season, double Value)>();
        foreach (var (start, totals) in series)
        {
            var value = totals is null ? metric == AnalysisMetric.Latency ? null : 0 : totals.Value(metric);
            if (value is { } v) values.Add((start, _clock.Season(start), v));
        }

        if (values.Count < options.MinimumPeriods) yield break;

        var overall = RobustStatistics.Median(values.Select(v => v.Value).ToList());
        var seasons = new Dictionary<int, double>();
        if (options.Seasonal)
        {
            foreach (var slot in values.GroupBy(v => v.Season))
            {
                var slotValues = slot.Select(v => v.Value).ToList();
                if (slotValues.Count >= options.MinimumSeasonPeriods) seasons[slot.Key] = RobustStatistics.Median(slotValues);
            }
        }

        double Expected(int season) => seasons.TryGetValue(season, out var m) ? m : overall;
        var residuals = values.Select(v => v.Value - Expected(v.Season)).ToList();
        var centre = RobustStatistics.Median([.. residuals]);
        var scale = RobustStatistics.MadToSigma * RobustStatistics.Mad(residuals, centre);
        if (scale == 0)
        {
            // More than half the residuals are equal (sparse use, most periods empty): Iglewicz and Hoaglin's fallback,
            // the mean absolute deviation scaled to a normal standard deviation.
            scale = 1.2533 * residuals.Average(r => Math.Abs(r - centre));
        }

        var floor = Math.Max(0.05 * Math.Abs(overall), metric == AnalysisMetric.Cost ? 0.01 : 1);
        scale = Math.Max(scale, floor);

        foreach (var (start, season, value) in values)
        {
            var expected = Expected(season);
            var z = (value - expected) / scale;
            if (Math.Abs(z) < options.Threshold) continue;
            if (z < 0 && !options.IncludeLow) continue;
            double? ratio = expected > 0 ? value / expected : null;
            var spike = metric == AnalysisMetric.Cost && z > 0 && (ratio is null || ratio >= options.SpikeFactor);
            var kind = spike ? AnomalyKind.Spike : z > 0 ? AnomalyKind.High : AnomalyKind.Low;
            var level = kind switch
            {
                AnomalyKind.Spike => AlertLevel.Critical,
                AnomalyKind.High => z >= 2 * options.Threshold ? AlertLevel.Critical : AlertLevel.Warning,
                _ => AlertLevel.Info,
            };
            var anomaly = new UsageAnomaly
            {
                Start = _clock.Local(start),
                Label = _clock.Label(start),
                Group = group,
                Metric = metric,
                Kind = kind,
                Value = Math.Round(value, 6),
                Expected = Math.Round(expected, 6),
                ExpectedLow = Math.Round(Math.Max(0, expected - options.Threshold * scale), 6),
                ExpectedHigh = Math.Round(expected + options.Threshold * scale, 6),
                RobustZ = Math.Round(z, 2),
                Ratio = ratio is { } r ? Math.Round(r, 2) : null,
                Seasonal = seasons.ContainsKey(season),
                Level = level,
            };
            anomaly.Message = Describe(anomaly);
            yield return anomaly;
        }
    }

    private static string Describe(UsageAnomaly a)
    {
        var inv = CultureInfo.InvariantCulture;
        var what = a.Kind == AnomalyKind.Spike ? "cost spike" : a.Kind == AnomalyKind.High ? "unusually high" : "unusually low";
        var baseline = a.Seasonal ? "for that slot" : "usually";
        var text = $"{a.Label} {a.Group}: {a.Metric.ToString().ToLowerInvariant()} {TrendText.Value(a.Metric, a.Value)} is {what} "
            + $"({baseline} {TrendText.Value(a.Metric, a.Expected)}, expected {TrendText.Range(a.Metric, a.ExpectedLow, a.ExpectedHigh)}; "
            + $"robust z {a.RobustZ.ToString("0.0", inv)}";
        if (a.Ratio is { } ratio) text += $", {ratio.ToString("0.#", inv)}× the baseline";
        return text + ").";
    }
}
