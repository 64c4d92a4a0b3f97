using TokenMonitor.Analytics;

namespace TokenMonitor.Tests.Analytics;

public class TrendTests
{
    private static readonly DateTimeOffset Monday = DateTimeOffset.Parse("2026-01-05T12:00:00Z");

    private static UsageTrend Trend(IEnumerable<double> dailyCost, TrendOptions? options = null)
    {
        var analyzer = new TrendAnalyzer(options ?? new TrendOptions());
        var day = 0;
        foreach (var cost in dailyCost)
        {
            analyzer.Add(new UsageRecord { Timestamp = Monday.AddDays(day++), Model = "m", InputTokens = 10, Cost = new TokenCost { Total = (decimal)cost } }, null);
        }

        return analyzer.Result()!;
    }

    [Fact]
    public void Theil_Sen_keeps_the_slope_through_a_spike_and_forecasts_the_line()
    {
        // y = 2 + i for 14 days, with day 5 at 100 instead of 7: 78 of the 91 pairwise slopes are exactly 1.
        var values = Enumerable.Range(0, 14).Select(i => i == 5 ? 100.0 : 2 + i).ToList();
        var trend = Trend(values);

        Assert.Equal(1.0, trend.Slope, 9);
        Assert.Equal(TrendDirection.Rising, trend.Direction);
        Assert.Equal(14, trend.Periods);
        Assert.Equal(16.0, trend.NextForecast!.Value, 9); // 2 + 14
        Assert.Equal(7, trend.Forecast.Length);
        Assert.Equal(22.0, trend.Forecast[^1].Value!.Value, 9);
        Assert.True(trend.NextForecastLow <= 16 && trend.NextForecastHigh >= 16);
        // Last week 9..15 = 84; the week before 2, 3, 4, 5, 6, 100, 8 = 128.
        Assert.Equal(84, trend.ThisWeek);
        Assert.Equal(128, trend.LastWeek);
        Assert.Equal(Math.Round((84 - 128) / 128.0, 4), trend.WeekOverWeekChange);
    }

    [Fact]
    public void A_constant_series_is_flat_with_a_zero_width_band()
    {
        var trend = Trend(Enumerable.Repeat(5.0, 10));
        Assert.Equal(TrendDirection.Flat, trend.Direction);
        Assert.Equal(0, trend.Slope);
        Assert.Equal(5, trend.NextForecastLow);
        Assert.Equal(5, trend.NextForecastHigh);
        Assert.Null(trend.WeekOverWeekChange); // fewer than 14 days
    }

    [Fact]
    public void A_small_drift_inside_the_flat_band_is_flat()
    {
        // 100, 100.2, 100.4 … over 10 days: a change of 1.8, under 10 % of the median level.
        var trend = Trend(Enumerable.Range(0, 10).Select(i => 100 + 0.2 * i));
        Assert.Equal(TrendDirection.Flat, trend.Direction);
        Assert.Equal(TrendDirection.Rising, Trend(Enumerable.Range(0, 10).Select(i => 100 + 0.2 * i), new TrendOptions { FlatBand = 0.01 }).Direction);
    }

    [Fact]
    public void Days_without_calls_are_zeros_and_the_window_limits_the_fit()
    {
        var analyzer = new TrendAnalyzer(new TrendOptions { Window = 3, ForecastPeriods = 1 });
        analyzer.Add(new UsageRecord { Timestamp = Monday, Model = "m", Cost = new TokenCost { Total = 50m } }, null);
        analyzer.Add(new UsageRecord { Timestamp = Monday.AddDays(4), Model = "m", Cost = new TokenCost { Total = 1m } }, null);
        var trend = analyzer.Result()!;
        Assert.Equal([50.0, 0, 0, 0, 1], trend.Points.Select(p => p.Value!.Value));
        Assert.Equal(3, trend.FittedPeriods); // 0, 0, 1: pairwise slopes 0, 0.5, 1 → median 0.5
        Assert.Equal(0.5, trend.Slope);
        Assert.Equal(TrendDirection.Rising, trend.Direction);
    }

    [Fact]
    public void Hourly_series_in_a_time_zone()
    {
        var analyzer = new TrendAnalyzer(new TrendOptions { Interval = AnalysisInterval.Hour, TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), ForecastPeriods = 0 });
        analyzer.Add(new UsageRecord { Timestamp = DateTimeOffset.Parse("2026-01-05T10:10:00Z"), Model = "m", Cost = new TokenCost { Total = 1m } }, null);
        analyzer.Add(new UsageRecord { Timestamp = DateTimeOffset.Parse("2026-01-05T12:50:00Z"), Model = "m", Cost = new TokenCost { Total = 2m } }, null);
        var trend = analyzer.Result()!;
        Assert.Equal(["2026-01-05 11:00", "2026-01-05 12:00", "2026-01-05 13:00"], trend.Points.Select(p => p.Label));
        Assert.Equal(TimeSpan.FromHours(1), trend.Points[0].Start.Offset);
    }
}
