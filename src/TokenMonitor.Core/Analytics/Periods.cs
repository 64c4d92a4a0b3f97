using System.Globalization;
using TokenMonitor.Time;

namespace TokenMonitor.Analytics;

/// <summary>The period a series is cut into.</summary>
public enum AnalysisInterval
{
    Day,
    Hour,
}

/// <summary>What a series or an anomaly measures.</summary>
public enum AnalysisMetric
{
    Cost,
    Tokens,
    Requests,
    Latency,
}

/// <summary>Period boundaries in a time zone: days start at local midnight, hours are whole UTC hours shown in local time.</summary>
public sealed class PeriodClock(AnalysisInterval interval, TimeZoneInfo zone)
{
    public AnalysisInterval Interval => interval;
    public TimeZoneInfo Zone => zone;

    /// <summary>The UTC instant the period holding <paramref name="instant"/> starts.</summary>
    public DateTimeOffset StartOf(DateTimeOffset instant) => interval == AnalysisInterval.Day
        ? TimeZones.StartOf(TimeZones.DayOf(instant, zone), zone)
        : new DateTimeOffset(instant.UtcTicks / TimeSpan.TicksPerHour * TimeSpan.TicksPerHour, TimeSpan.Zero);

    /// <summary>The start of the period after the one starting at <paramref name="start"/>.</summary>
    public DateTimeOffset Next(DateTimeOffset start) => interval == AnalysisInterval.Day
        ? TimeZones.StartOf(TimeZones.DayOf(start, zone).AddDays(1), zone)
        : start.AddHours(1);

    /// <summary>Local wall-clock time of a period start, for labels and seasons.</summary>
    public DateTimeOffset Local(DateTimeOffset start) => TimeZoneInfo.ConvertTime(start, zone);

    /// <summary>The seasonal slot: the weekday of a day, the hour of the day of an hour.</summary>
    public int Season(DateTimeOffset start) => interval == AnalysisInterval.Day ? (int)Local(start).DayOfWeek : Local(start).Hour;

    /// <summary>How many periods make a week, for week-over-week change.</summary>
    public int PeriodsPerWeek => interval == AnalysisInterval.Day ? 7 : 168;

    public string Label(DateTimeOffset start) => interval == AnalysisInterval.Day
        ? Local(start).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : Local(start).ToString("yyyy-MM-dd HH:00", CultureInfo.InvariantCulture);
}

/// <summary>One period's totals; latency as a sum and count so the per-period mean streams.</summary>
public sealed class PeriodTotals
{
    public long Requests;
    public long Tokens;
    public decimal Cost;
    public long Unpriced;
    public double LatencySum;
    public long LatencyCount;

    public void Add(UsageRecord r, TokenCost? cost)
    {
        Requests += r.Requests;
        Tokens += r.TotalTokens;
        if (cost is { IsUnknownModel: false }) Cost += cost.Total;
        else Unpriced += r.Requests;
        if (r.LatencyMs is { } latency)
        {
            LatencySum += latency;
            LatencyCount++;
        }
    }

    public double? Value(AnalysisMetric metric) => metric switch
    {
        AnalysisMetric.Cost => (double)Cost,
        AnalysisMetric.Tokens => Tokens,
        AnalysisMetric.Requests => Requests,
        _ => LatencyCount == 0 ? null : LatencySum / LatencyCount,
    };
}

/// <summary>Text the views and messages need for a metric's values: dollars for cost, counts with separators otherwise.</summary>
public static class TrendText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Value(AnalysisMetric metric, double? value) => value is not { } v || double.IsNaN(v) ? "" : metric switch
    {
        AnalysisMetric.Cost => Money.Format(Math.Round((decimal)v, 4)),
        AnalysisMetric.Latency => v.ToString("N0", Inv) + " ms",
        _ => v.ToString("N0", Inv),
    };

    public static string Range(AnalysisMetric metric, double? low, double? high) =>
        low is null || high is null ? "" : $"{Value(metric, low)}–{Value(metric, high)}";
}
