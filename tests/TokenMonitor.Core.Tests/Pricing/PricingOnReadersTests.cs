using TokenMonitor.Pricing;
using TokenMonitor.Reading;

namespace TokenMonitor.Tests.Pricing;

/// <summary>Records priced ahead on the reading threads cost exactly what pricing them in order costs, and are not priced twice.</summary>
public class PricingOnReadersTests
{
    private static PricingSession Session() =>
        new(new CostCalculator(PriceCatalog.Embedded, new PricingOptions { Mode = CostMode.Calculate }), reprice: true);

    private static List<UsageRecord> Read(Action<UsageRecord>? prepare) =>
        new UsageLogReader { Prepare = prepare }.Read(LogFileLocator.Enumerate(RepoPaths.Sample("claude"), recurse: true))
            .Where(i => i.Record is not null).Select(i => i.Record!).ToList();

    [Fact]
    public void Costs_priced_on_the_reading_threads_equal_costs_priced_in_order()
    {
        var inOrder = Session();
        var expected = Read(null);
        var warnings = expected.Select(inOrder.Apply).Where(w => w is not null).ToList();

        var ahead = Session();
        var actual = Read(ahead.Prepare);
        Assert.All(actual, r => Assert.NotNull(r.Cost));
        var prepared = actual.Select(r => r.Cost).ToList();
        var aheadWarnings = actual.Select(ahead.Apply).Where(w => w is not null).ToList();

        Assert.Equal(expected.Count, actual.Count);
        Assert.True(expected.Count > 5, $"{expected.Count} records");
        for (var k = 0; k < expected.Count; k++)
        {
            Assert.Equal(expected[k].Cost!.Total, actual[k].Cost!.Total);
            Assert.Equal(expected[k].Cost!.Total.ToString(), actual[k].Cost!.Total.ToString()); // the same scale too
            Assert.Same(prepared[k], actual[k].Cost); // Apply kept the cost priced ahead
        }

        Assert.Equal(warnings, aheadWarnings);
    }

    /// <summary>A record priced ahead may still be dropped (here by -Since): a price that overflows must not end the read.</summary>
    [Fact]
    public void A_price_that_overflows_ahead_fails_only_where_it_would_in_order()
    {
        using var folder = new TempFolder();
        var file = folder.Write("a.jsonl", string.Join("\n",
            """{"type":"summary"}""",
            """{"sessionId":"s","message":{"id":"m1","model":"huge-model","usage":{"input_tokens":1000000000000,"output_tokens":1}},"requestId":"r1","type":"assistant","timestamp":"2025-01-01T00:00:00Z"}""",
            """{"sessionId":"s","message":{"id":"m2","model":"huge-model","usage":{"input_tokens":10,"output_tokens":1}},"requestId":"r2","type":"assistant","timestamp":"2026-06-01T00:00:00Z"}"""));
        var catalog = new PriceCatalog([new ModelPrice { Id = "huge-model", Provider = "Anthropic", Rates = new PriceRates { Input = 1e17m, Output = 1m }, Source = "test", ReadOn = "2026-11-24" }], "test");
        var session = new PricingSession(new CostCalculator(catalog, new PricingOptions()));
        var options = new ReadOptions { Since = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) };

        var records = new UsageLogReader(options) { Parallelism = 2, Prepare = session.Prepare }.Read([file])
            .Where(i => i.Record is not null).Select(i => i.Record!).ToList();

        var kept = Assert.Single(records);
        Assert.Null(session.Apply(kept));
        Assert.Equal("m2", kept.MessageId);
        Assert.Equal(1e17m * 10 / 1_000_000m + 1m / 1_000_000m, kept.Cost!.Total);
    }

    [Fact]
    public void A_record_priced_by_another_session_is_priced_again_when_asked_to()
    {
        var record = new UsageRecord { Provider = "Anthropic", Model = "claude-sonnet-4-5", InputTokens = 100_000, Timestamp = DateTimeOffset.UtcNow };
        Session().Prepare(record);
        var first = record.Cost;
        Session().Apply(record);
        Assert.NotSame(first, record.Cost);
        Assert.Equal(0.3m, record.Cost!.Total);
    }
}

/// <summary>The division-free per-million amount gives the same bits as decimal division, for every rate in the catalog (standard, long-context and priority) and random ones.</summary>
public class PerMillionTokensProperties
{
    private static readonly decimal[] CatalogRates = PriceCatalog.Embedded.Entries
        .SelectMany(e => new[] { e.Rates, e.LongContext, e.Priority }.Where(r => r is not null)
            .SelectMany(r => new decimal?[] { r!.Input, r.Output, r.CacheRead, r.CacheWrite5m, r.CacheWrite1h }))
        .Where(r => r is not null).Select(r => r!.Value).Distinct().ToArray();

    [FsCheck.Xunit.Property(MaxTest = 20000)]
    public bool Same_bits_as_decimal_division(long seed)
    {
        var random = new Random((int)seed ^ (int)(seed >> 32));
        long tokens = random.Next(5) switch
        {
            0 => 0,
            1 => random.Next(0, 1000),
            2 => random.Next(),
            3 => random.NextInt64(0, 1_000_000_000_001),
            _ => random.NextInt64(),
        };
        var rate = random.Next(3) == 0
            ? new decimal(random.Next(), random.Next(3) == 0 ? random.Next() : 0, 0, false, (byte)random.Next(0, 29))
            : CatalogRates[random.Next(CatalogRates.Length)];
        decimal expected;
        try
        {
            expected = tokens * rate / 1_000_000m;
        }
        catch (OverflowException)
        {
            return true;
        }

        var actual = CostCalculator.PerMillionTokens(tokens, rate);
        return decimal.GetBits(expected).SequenceEqual(decimal.GetBits(actual))
            ? true
            : throw new InvalidOperationException($"{tokens} x {rate}: {expected} vs {actual}");
    }

    [Fact]
    public void The_catalog_has_rates_to_test() => Assert.True(CatalogRates.Length > 20);
}
