using System.Diagnostics;
using TokenMonitor.Pricing;
using TokenMonitor.Reading;
using TokenMonitor.Summaries;

namespace TokenMonitor.Bench;

/// <summary>
/// What <c>Import-UsageLog | Measure-TokenCost -GroupBy Day</c> does, in the engine alone: read, price each record
/// (calculated, as the benchmark asks ccusage to) and total it by UTC day, to see the pipeline's own cost apart.
/// </summary>
internal static class DailyRun
{
    public static void Run(string folder)
    {
        var clock = Stopwatch.StartNew();
        var pricing = new PricingSession(new CostCalculator(PricingSources.Load(), new PricingOptions { Mode = CostMode.Calculate }), reprice: true);
        var days = new UsageAggregator(new SummaryOptions { GroupBy = [SummaryDimension.Day], TimeZone = TimeZoneInfo.Utc });
        var reader = new UsageLogReader();
        if (Environment.GetEnvironmentVariable("TM_PRICE_ON_READERS") != "0") reader.Prepare = pricing.Prepare;
        var stage = Environment.GetEnvironmentVariable("TM_DAILY_STAGE"); // "read" or "price": stop there, to see each stage's share
        long records = 0;
        foreach (var item in reader.Read(LogFileLocator.Enumerate(folder, recurse: true)))
        {
            if (item.Record is not { } record) continue;
            records++;
            if (stage == "read") continue;
            pricing.Apply(record);
            if (stage != "price") days.Add(record);
        }

        var rows = days.Results().ToList();
        Console.WriteLine($"daily: {records:N0} records, {rows.Count} days, {rows.Sum(r => r.Cost):N2} USD in {clock.Elapsed.TotalSeconds:N2} s; GC paused {GC.GetTotalPauseDuration().TotalSeconds:N2} s in {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} collections (gen0/1/2)");
    }
}
