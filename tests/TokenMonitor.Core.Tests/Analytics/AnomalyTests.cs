using TokenMonitor.Analytics;

namespace TokenMonitor.Tests.Analytics;

public class AnomalyTests
{
    private static readonly DateTimeOffset Monday = DateTimeOffset.Parse("2026-01-05T12:00:00Z");

    /// <summary>Eight weeks: weekdays about $10 (9.7, 10, 10.3 in turn), weekends about $1.</summary>
    private static double Usual(int day)
    {
        var weekday = day % 7;
        var wobble = ((day / 7) + weekday) % 3 - 1;
        return weekday >= 5 ? 1 + 0.05 * wobble : 10 + 0.3 * wobble;
    }

    private static List<UsageAnomaly> Detect(Func<int, double> cost, AnomalyOptions? options = null)
    {
        var detector = new AnomalyDetector(options ?? new AnomalyOptions { Metrics = [AnalysisMetric.Cost] });
        for (var day = 0; day < 56; day++)
        {
            detector.Add(new UsageRecord { Timestamp = Monday.AddDays(day), Model = "m", InputTokens = 100, Cost = new TokenCost { Total = (decimal)cost(day) } }, null);
        }

        return detector.Anomalies().ToList();
    }

    [Fact]
    public void A_seasonal_series_without_spikes_is_quiet()
    {
        Assert.Empty(Detect(Usual));
        Assert.Empty(Detect(Usual, new AnomalyOptions { Metrics = [AnalysisMetric.Cost], IncludeLow = true }));
    }

    [Fact]
    public void Without_seasons_every_weekend_looks_low()
    {
        var found = Detect(Usual, new AnomalyOptions { Metrics = [AnalysisMetric.Cost], Seasonal = false, IncludeLow = true });
        Assert.Equal(16, found.Count); // both days of eight weekends
        Assert.All(found, a => Assert.Equal(AnomalyKind.Low, a.Kind));
    }

    [Fact]
    public void Planted_spikes_are_found_against_their_own_weekday()
    {
        var wednesday = 4 * 7 + 2;   // 2026-02-04
        var saturday = 6 * 7 + 5;    // 2026-02-21: $8 is nothing for a weekday, eight times a Saturday
        var found = Detect(day => day == wednesday ? 40 : day == saturday ? 8 : Usual(day));

        Assert.Equal([Monday.AddDays(wednesday).Date, Monday.AddDays(saturday).Date], found.Select(a => a.Start.Date));
        var spike = found[0];
        Assert.Equal(AnomalyKind.Spike, spike.Kind);
        Assert.Equal(AlertLevel.Critical, spike.Level);
        Assert.Equal(40, spike.Value);
        // Wednesdays of weeks 0-7: 10.3, 9.7, 10, 10.3, (40), 10, 10.3, 9.7: median (10 + 10.3) / 2.
        Assert.Equal(10.15, spike.Expected, 9);
        Assert.Equal(Math.Round(40 / 10.15, 2), spike.Ratio);
        Assert.True(spike.Seasonal);
        Assert.True(spike.ExpectedHigh < 40 && spike.ExpectedLow > 0);
        Assert.Contains("cost spike", spike.Message);

        var weekend = found[1];
        Assert.Equal(1, weekend.Expected);
        Assert.Equal(8, weekend.Ratio);

        // Without seasons the Saturday hides among the weekdays.
        var flat = Detect(day => day == wednesday ? 40 : day == saturday ? 8 : Usual(day),
            new AnomalyOptions { Metrics = [AnalysisMetric.Cost], Seasonal = false });
        Assert.Equal([Monday.AddDays(wednesday).Date], flat.Select(a => a.Start.Date));
    }

    [Fact]
    public void Robust_z_is_the_residual_over_the_scaled_mad()
    {
        // Nine days at 10, 11, 9, 10, 11, 9, 10, 11 and one at 30; no seasons.
        double[] values = [10, 11, 9, 10, 11, 9, 10, 11, 30];
        var detector = new AnomalyDetector(new AnomalyOptions { Metrics = [AnalysisMetric.Cost], Seasonal = false });
        for (var i = 0; i < values.Length; i++)
        {
            detector.Add(new UsageRecord { Timestamp = Monday.AddDays(i), Model = "m", Cost = new TokenCost { Total = (decimal)values[i] } }, null);
        }

        // Median 10; residuals 0, 1, -1, 0, 1, -1, 0, 1, 20; their median 0 and MAD 1; scale 1.4826.
        var anomaly = Assert.Single(detector.Anomalies());
        Assert.Equal(Math.Round(20 / 1.4826, 2), anomaly.RobustZ);
        Assert.Equal(10 + 3.5 * 1.4826, anomaly.ExpectedHigh, 6);
    }

    [Fact]
    public void Groups_are_judged_apart_and_short_histories_are_skipped()
    {
        var detector = new AnomalyDetector(new AnomalyOptions { Metrics = [AnalysisMetric.Requests], GroupBy = [AnalysisDimension.Model], Seasonal = false });
        for (var day = 0; day < 10; day++)
        {
            for (var n = 0; n < (day == 9 ? 50 : 5); n++) detector.Add(new UsageRecord { Timestamp = Monday.AddDays(day), Model = "busy" }, null);
        }

        detector.Add(new UsageRecord { Timestamp = Monday.AddDays(9), Model = "new" }, null); // 1 period: not judged
        var anomaly = Assert.Single(detector.Anomalies());
        Assert.Equal("busy", anomaly.Group);
        Assert.Equal(AnalysisMetric.Requests, anomaly.Metric);
        Assert.Equal(AnomalyKind.High, anomaly.Kind);
    }
}
