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
