using System.Globalization;

namespace TokenMonitor.Analytics;

public sealed record TrendOptions
{
    public AnalysisInterval Interval { get; init; } = AnalysisInterval.Day;
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;
    public AnalysisMetric Metric { get; init; } = AnalysisMetric.Cost;

    /// <summary>How many periods to forecast.</summary>
    public int ForecastPeriods { get; init; } = 7;

    /// <summary>How many of the latest periods the trend is fitted on; null: four weeks of days, one week of hours.</summary>
    public int? Window { get; init; }

    /// <summary>A trend whose change across the fitted window stays within this share of its median level is Flat.</summary>
    public double FlatBand { get; init; } = 0.10;

    /// <summary>0.80, 0.90, 0.95 or 0.99.</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>The last period of the series; null: the period of the latest record.</summary>
    public DateTimeOffset? AsOf { get; init; }
}

/// <summary>
/// A series per period in one pass (memory grows with the periods, not the calls), then a Theil–Sen line over the
/// latest window: the median of the pairwise slopes, so one spike day neither makes nor hides a trend. The band
/// is the least-squares prediction interval with the residuals' scale taken robustly (1.4826 × MAD).
/// </summary>
public sealed class TrendAnalyzer(TrendOptions options)
{
    private readonly PeriodClock _clock = new(options.Interval, options.TimeZone);
    private readonly Dictionary<DateTimeOffset, PeriodTotals> _periods = [];
    private DateTimeOffset? _last;

    public void Add(UsageRecord record, TokenCost? cost)
    {
        if (record.IsDuplicate) return;
        if (options.AsOf is { } asOf && record.Timestamp > asOf) return;
        var start = _clock.StartOf(record.Timestamp);
        if (!_periods.TryGetValue(start, out var totals)) _periods[start] = totals = new PeriodTotals();
        totals.Add(record, cost ?? record.Cost);
        if (_last is null || record.Timestamp > _last) _last = record.Timestamp;
    }

    public UsageTrend? Result()
    {
        if (_periods.Count == 0) return null;
        var first = _periods.Keys.Min();
        var last = _clock.StartOf(options.AsOf ?? _last!.Value);
        var metric = options.Metric;

        var points = new List<TrendPoint>();
        for (var at = first; at <= last; at = _clock.Next(at))
        {
            var totals = _periods.GetValueOrDefault(at);
            points.Add(new TrendPoint
            {
                Start = _clock.Local(at),
                Label = _clock.Label(at),
                Metric = metric,
                Value = totals?.Value(metric) ?? (metric == AnalysisMetric.Latency ? null : 0),
                Cost = totals?.Cost ?? 0,
                Tokens = totals?.Tokens ?? 0,
                Requests = totals?.Requests ?? 0,
            });
        }

        var window = Math.Min(points.Count, options.Window ?? (options.Interval == AnalysisInterval.Day ? 28 : 168));
        var fitted = new List<(double X, double Y)>();
        for (var i = points.Count - window; i < points.Count; i++)
        {
            if (points[i].Value is { } y) fitted.Add((i, y));
        }

        var line = Line.Fit(fitted);
        for (var i = points.Count - window; i < points.Count && line is not null; i++)
        {
            points[i] = With(points[i], fitted: line.At(i));
        }

        var z = options.Confidence switch { >= 0.99 => 2.5758, >= 0.95 => 1.96, >= 0.90 => 1.6449, _ => 1.2816 };
        var forecast = new List<TrendPoint>();
        var next = _clock.Next(last);
        for (var h = 0; h < options.ForecastPeriods && line is not null; h++, next = _clock.Next(next))
        {
            var x = points.Count + h;
            var centre = Math.Max(0, line.At(x));
            var spread = z * line.PredictionError(x);
            forecast.Add(new TrendPoint
            {
                Start = _clock.Local(next),
                Label = _clock.Label(next),
                Metric = metric,
                Value = centre,
                IsForecast = true,
                Low = Math.Max(0, line.At(x) - spread),
                High = Math.Max(0, line.At(x) + spread),
            });
        }

        var level = line?.MedianLevel ?? 0;
        var change = (line?.Slope ?? 0) * Math.Max(0, fitted.Count - 1);
        var direction = line is null || Math.Abs(change) <= options.FlatBand * Math.Abs(level) || (level == 0 && change == 0)
            ? TrendDirection.Flat
            : change > 0 ? TrendDirection.Rising : TrendDirection.Falling;

        var (thisWeek, lastWeek) = Weeks(points);
        var trend = new UsageTrend
        {
            Metric = metric,
            Interval = options.Interval,
            TimeZone = options.TimeZone.Id,
            From = points[0].Start,
            To = points[^1].Start,
            Periods = points.Count,
            FittedPeriods = fitted.Count,
            Slope = Math.Round(line?.Slope ?? 0, 6),
            SlopeShare = level != 0 && line is not null ? Math.Round(line.Slope / Math.Abs(level), 4) : null,
            Direction = direction,
            ThisWeek = thisWeek,
            LastWeek = lastWeek,
            WeekOverWeekChange = thisWeek is { } t && lastWeek is { } l && l > 0 ? Math.Round((t - l) / l, 4) : null,
            NextForecast = forecast.FirstOrDefault()?.Value,
            NextForecastLow = forecast.FirstOrDefault()?.Low,
            NextForecastHigh = forecast.FirstOrDefault()?.High,
            Confidence = options.Confidence,
            Points = [.. points],
            Forecast = [.. forecast],
        };
        trend.Message = Describe(trend);
        return trend;
    }

    /// <summary>The last week of the series and the week before, summed (latency: averaged over periods with a value).</summary>
    private (double? ThisWeek, double? LastWeek) Weeks(List<TrendPoint> points)
    {
        var week = _clock.PeriodsPerWeek;
        if (points.Count < 2 * week) return (null, null);
        double? Sum(int from)
        {
            var values = points.Skip(from).Take(week).Select(p => p.Value).OfType<double>().ToList();
            if (values.Count == 0) return null;
            return options.Metric == AnalysisMetric.Latency ? values.Average() : values.Sum();
        }

        return (Sum(points.Count - week), Sum(points.Count - 2 * week));
    }

    private static TrendPoint With(TrendPoint p, double fitted) => new()
    {
        Start = p.Start, Label = p.Label, Metric = p.Metric, Value = p.Value, Cost = p.Cost, Tokens = p.Tokens,
        Requests = p.Requests, Fitted = fitted,
    };

    private static string Describe(UsageTrend t)
    {
        var inv = CultureInfo.InvariantCulture;
        var unit = t.Interval == AnalysisInterval.Day ? "day" : "hour";
        var text = $"{t.Metric} per {unit} from {t.Points[0].Label} to {t.Points[^1].Label}: {t.Direction.ToString().ToLowerInvariant()}"
            + $" ({TrendText.Value(t.Metric, t.Slope)} per {unit} over the last {t.FittedPeriods} {unit}s)";
        if (t.WeekOverWeekChange is { } wow) text += $", {wow.ToString("+0.#%;-0.#%;0%", inv)} week over week";
        if (t.NextForecast is { } next)
        {
            text += $"; next {unit} {TrendText.Value(t.Metric, next)} ({t.Confidence.ToString("0%", inv)} band "
                + $"{TrendText.Range(t.Metric, t.NextForecastLow, t.NextForecastHigh)})";
        }

        return text + ".";
    }
}

/// <summary>A Theil–Sen line with a robust residual scale, and what a prediction interval needs.</summary>
internal sealed class Line
{
    public double Slope { get; private init; }
    public double Intercept { get; private init; }
    public double Sigma { get; private init; }
    public double MedianLevel { get; private init; }
    private int _n;
    private double _meanX, _sxx;

    public double At(double x) => Intercept + Slope * x;

    /// <summary>The standard error of a new observation at <paramref name="x"/>: sigma × √(1 + 1/n + (x − x̄)² / Sxx).</summary>
    public double PredictionError(double x) =>
        Sigma * Math.Sqrt(1 + 1.0 / _n + (_sxx > 0 ? (x - _meanX) * (x - _meanX) / _sxx : 0));

    public static Line? Fit(IReadOnlyList<(double X, double Y)> points)
    {
        if (points.Count == 0) return null;
        var ys = points.Select(p => p.Y).ToList();
        var level = RobustStatistics.Median([.. ys]);
        if (points.Count == 1) return new Line { Slope = 0, Intercept = points[0].Y, Sigma = 0, MedianLevel = level, _n = 1, _meanX = points[0].X };

        var slopes = new List<double>(points.Count * (points.Count - 1) / 2);
        for (var i = 0; i < points.Count; i++)
        {
            for (var j = i + 1; j < points.Count; j++)
            {
                var dx = points[j].X - points[i].X;
                if (dx != 0) slopes.Add((points[j].Y - points[i].Y) / dx);
            }
        }

        var slope = RobustStatistics.Median(slopes);
        var intercept = RobustStatistics.Median(points.Select(p => p.Y - slope * p.X).ToList());
        var residuals = points.Select(p => p.Y - (intercept + slope * p.X)).ToList();
        var centre = RobustStatistics.Median([.. residuals]);
        var sigma = RobustStatistics.MadToSigma * RobustStatistics.Mad(residuals, centre);
        if (sigma == 0) sigma = Math.Sqrt(residuals.Sum(r => r * r) / Math.Max(1, residuals.Count - 2));
        var meanX = points.Average(p => p.X);
        return new Line
        {
            Slope = slope,
            Intercept = intercept,
            Sigma = sigma,
            MedianLevel = level,
            _n = points.Count,
            _meanX = meanX,
            _sxx = points.Sum(p => (p.X - meanX) * (p.X - meanX)),
        };
    }
}
