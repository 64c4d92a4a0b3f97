using System.Diagnostics;
using TokenMonitor.Analytics;
using TokenMonitor.Analytics.Report;
using TokenMonitor.Pricing;
using TokenMonitor.Reading;

namespace TokenMonitor.Bench;

/// <summary>
/// Each analysis over a corpus, engine only: the records are read and priced once into memory, then every analysis
/// makes its own single pass, timed apart, so the figures are the analyses' cost and not the reader's.
/// </summary>
internal static class AnalyticsBench
{
    public static void Run(string folder)
    {
        var clock = Stopwatch.StartNew();
        var calculator = new CostCalculator(PriceCatalog.Embedded, new PricingOptions());
        var records = new List<(UsageRecord Record, TokenCost Cost)>();
        foreach (var item in new UsageLogReader().Read(LogFileLocator.Enumerate(folder, recurse: true)))
        {
            if (item.Record is { IsDuplicate: false } record) records.Add((record, calculator.Price(record)));
        }

        Console.WriteLine($"read and priced {records.Count:N0} records in {clock.Elapsed.TotalSeconds:N2} s");
        var asOf = records.Max(r => r.Record.Timestamp);

        Time("Get-UsageBlock", records, () => new UsageBlockAnalyzer(new BlockOptions { AsOf = asOf, TokenLimitFromMax = true }),
            (a, r, c) => a.Add(r, c), a => a.Blocks().Count + " blocks");
        Time("Get-CacheEfficiency -GroupBy Model", records, () => new CacheEfficiencyAnalyzer([AnalysisDimension.Model], PriceCatalog.Embedded.Resolve),
            (a, r, c) => a.Add(r, c), a => a.Results().Count() + " groups");
        Time("Get-CacheEfficiency -GroupBy CacheKey", records, () => new CacheEfficiencyAnalyzer([AnalysisDimension.CacheKey], PriceCatalog.Embedded.Resolve),
            (a, r, c) => a.Add(r, c), a => a.Results().Count() + " groups");
        Time("Get-UsageTrend", records, () => new TrendAnalyzer(new TrendOptions()), (a, r, c) => a.Add(r, c), a => a.Result()?.Periods + " days");
        Time("Get-UsageTrend -Interval Hour", records, () => new TrendAnalyzer(new TrendOptions { Interval = AnalysisInterval.Hour }), (a, r, c) => a.Add(r, c), a => a.Result()?.Periods + " hours");
        Time("Find-UsageAnomaly", records, () => new AnomalyDetector(new AnomalyOptions()), (a, r, c) => a.Add(r, c), a => a.Anomalies().Count() + " anomalies");
        Time("Find-UsageAnomaly -GroupBy Project", records, () => new AnomalyDetector(new AnomalyOptions { GroupBy = [AnalysisDimension.Project] }), (a, r, c) => a.Add(r, c), a => a.Anomalies().Count() + " anomalies");
        Time("Get-UsageRecommendation", records, () => new RecommendationEngine(calculator), (a, r, c) => a.Add(r, c), a => a.Recommendations().Count() + " recommendations");
        Time("Export-UsageReport (HTML)", records, () => new ReportData(new ReportOptions()), (a, r, c) => a.Add(r, c), a => HtmlReport.Write(a).Length / 1024 + " KB");
        Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:N0} MB (the in-memory record list included)");
    }

    private static void Time<T>(string name, List<(UsageRecord Record, TokenCost Cost)> records, Func<T> create, Action<T, UsageRecord, TokenCost> add, Func<T, string> finish)
    {
        var best = double.MaxValue;
        var result = "";
        for (var run = 0; run < 3; run++)
        {
            var clock = Stopwatch.StartNew();
            var analysis = create();
            foreach (var (record, cost) in records) add(analysis, record, cost);
            result = finish(analysis);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }

        Console.WriteLine($"{name,-40} {best,7:N3} s  {records.Count / best / 1e6,6:N2} M records/s  ({result})");
    }
}
