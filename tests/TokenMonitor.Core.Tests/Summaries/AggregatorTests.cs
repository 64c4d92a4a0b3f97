using TokenMonitor.Pricing;
using TokenMonitor.Reading;
using TokenMonitor.Summaries;
using TokenMonitor.Tests.Reading;
using TokenMonitor.Time;

namespace TokenMonitor.Tests.Summaries;

public class AggregatorTests
{
    private static List<UsageRecord> PricedClaudeSamples()
    {
        var files = LogFileLocator.Enumerate(RepoPaths.Sample("claude", "projects"), recurse: true);
        var calculator = new CostCalculator(PriceCatalog.Embedded, new PricingOptions());
        var records = new UsageLogReader().Read(files).Where(i => i.Record is not null).Select(i => i.Record!).ToList();
        foreach (var r in records) r.Cost = calculator.Price(r);
        return records;
    }

    private static List<UsageSummary> Summarise(IEnumerable<UsageRecord> records, string zone, params SummaryDimension[] by)
    {
        var aggregator = new UsageAggregator(new SummaryOptions { GroupBy = by, TimeZone = TimeZones.Find(zone) });
        foreach (var r in records) aggregator.Add(r);
        return aggregator.Results().ToList();
    }

    [Theory]
    [InlineData("UTC", "byDayUtc")]
    [InlineData("Europe/Berlin", "Europe/Berlin")]
    [InlineData("America/New_York", "America/New_York")]
    [InlineData("W. Europe Standard Time", "Europe/Berlin")]
    public void Days_follow_the_time_zone(string zone, string oracleTable)
    {
        var rows = Summarise(PricedClaudeSamples(), zone, SummaryDimension.Day);
        var expected = oracleTable == "byDayUtc"
            ? Oracle.Claude.GetProperty("byDayUtc")
            : Oracle.Claude.GetProperty("byDayInZone").GetProperty(oracleTable);
        Assert.Equal(expected.EnumerateObject().Select(p => p.Name), rows.Select(r => r.Day!.Value.ToString("yyyy-MM-dd")));
        foreach (var row in rows)
        {
            var day = expected.GetProperty(row.Day!.Value.ToString("yyyy-MM-dd"));
            Assert.Equal(day.Long("records"), row.Requests);
            Assert.Equal(day.Long("output"), row.OutputTokens);
            Assert.Equal(day.Long("cacheWrite5m") + day.Long("cacheWrite1h"), row.CacheWriteTokens);
        }
    }

    [Fact]
    public void Summary_row_adds_up_the_records()
    {
        var records = PricedClaudeSamples();
        var row = Assert.Single(Summarise(records, "UTC"));
        Assert.Equal(records.Count, row.Requests);
        Assert.Equal(records.Sum(r => r.Cost!.Total), row.Cost);
        Assert.Equal(records.Sum(r => r.Cost!.WithoutCache) - row.Cost, row.CacheSavings);
        Assert.Equal(records.Sum(r => r.TotalTokens), row.TotalTokens);
        Assert.Equal(0, row.UnpricedRequests);
        Assert.Equal("(all)", Formatting.GroupLabel(row));
    }

    [Fact]
    public void Rates_percentiles_and_unpriced_rows()
    {
        var records = new[]
        {
            new UsageRecord { Model = "m", InputTokens = 100, CacheReadTokens = 300, LatencyMs = 100, Cost = new TokenCost { Total = 1m } },
            new UsageRecord { Model = "m", InputTokens = 100, LatencyMs = 200, Cost = new TokenCost { Total = 2m } },
            new UsageRecord { Model = "m", InputTokens = 100, LatencyMs = 300, Cost = new TokenCost { IsUnknownModel = true } },
            new UsageRecord { Model = "m", InputTokens = 100, LatencyMs = 400 },
        };
        var row = Assert.Single(Summarise(records, "UTC", SummaryDimension.Model));
        Assert.Equal(3m, row.Cost);
        Assert.Equal(2, row.UnpricedRequests);
        Assert.Equal(0.25, row.CacheHitRate);
        Assert.Equal(300.0 / 700.0, row.TokenCacheHitRate, 10);
        Assert.Equal(200, row.P50Ms);
        Assert.Equal(400, row.P90Ms);
        Assert.Equal("m", Formatting.GroupLabel(row));
    }

    [Fact]
    public void Several_dimensions_order_by_the_first_then_the_next()
    {
        var rows = Summarise(PricedClaudeSamples(), "UTC", SummaryDimension.Day, SummaryDimension.Model);
        var keys = rows.Select(r => (r.Day!.Value, r.Model!)).ToList();
        Assert.Equal(keys.OrderBy(k => k.Value).ThenBy(k => k.Item2, StringComparer.Ordinal), keys);
        Assert.Equal(Oracle.Claude.Long("records"), rows.Sum(r => r.Requests));
        Assert.Contains(" / ", Formatting.GroupLabel(rows[0]));
    }

    [Fact]
    public void Weeks_start_on_the_chosen_day()
    {
        var record = new UsageRecord { Timestamp = DateTimeOffset.Parse("2026-11-18T12:00:00Z"), Model = "m" };
        var aggregator = new UsageAggregator(new SummaryOptions { GroupBy = [SummaryDimension.Week, SummaryDimension.Month], WeekStart = DayOfWeek.Sunday });
        aggregator.Add(record);
        var row = Assert.Single(aggregator.Results());
        Assert.Equal(new DateOnly(2026, 11, 15), row.Week);
        Assert.Equal("2026-11", row.Month);
    }
}
