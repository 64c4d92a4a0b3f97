using TokenMonitor.Analytics;

namespace TokenMonitor.Tests.Analytics;

public class UsageBlockTests
{
    private static UsageRecord Call(string at, long tokens, decimal dollars) => new()
    {
        Timestamp = DateTimeOffset.Parse(at),
        Model = "m",
        InputTokens = tokens * 6 / 10,
        OutputTokens = tokens * 4 / 10,
        Cost = new TokenCost { Total = dollars },
    };

    // Block 1 10:00-15:00 (three calls, the last at 14:59); 15:00 opens block 2; 12 h of silence make a gap from
    // 20:00 (last call + 5 h) to 03:00; block 3 03:00-08:00 is active at 04:00.
    private static readonly UsageRecord[] Day =
    [
        Call("2026-03-02T11:30:00Z", 1000, 0.10m),
        Call("2026-03-02T10:15:00Z", 1000, 0.10m),
        Call("2026-03-02T14:59:00Z", 1000, 0.10m),
        Call("2026-03-02T15:00:00Z", 1000, 0.10m),
        Call("2026-03-03T03:00:00Z", 2000, 0.25m),
        Call("2026-03-03T03:30:00Z", 2000, 0.25m),
        Call("2026-03-03T05:00:00Z", 9999, 9m), // after AsOf: not counted
    ];

    private static IReadOnlyList<UsageBlock> Blocks(long? limit = null, bool max = false)
    {
        var analyzer = new UsageBlockAnalyzer(new BlockOptions
        {
            AsOf = DateTimeOffset.Parse("2026-03-03T04:00:00Z"),
            TokenLimit = limit,
            TokenLimitFromMax = max,
        });
        foreach (var r in Day) analyzer.Add(r, null);
        return analyzer.Blocks();
    }

    [Fact]
    public void Windows_start_on_the_hour_last_five_hours_and_gaps_stand_between()
    {
        var blocks = Blocks();
        Assert.Equal(["2026-03-02T10:00:00.000Z", "2026-03-02T15:00:00.000Z", "gap-2026-03-02T20:00:00.000Z", "2026-03-03T03:00:00.000Z"],
            blocks.Select(b => b.Id));

        var first = blocks[0];
        Assert.Equal(DateTimeOffset.Parse("2026-03-02T15:00:00Z"), first.End);
        Assert.Equal(3, first.Requests);
        Assert.Equal(3000, first.TotalTokens);
        Assert.Equal(0.30m, first.Cost);
        Assert.False(first.IsActive);
        Assert.Equal(Math.Round(3000 / 284.0, 2), first.TokensPerMinute); // 10:15 to 14:59 is 284 minutes
        Assert.Equal(Math.Round(0.30m / (284m / 60m), 6), first.CostPerHour);
        Assert.Equal(3000, first.ProjectedTokens); // a closed window projects what it used

        Assert.Null(blocks[1].TokensPerMinute); // one call: no rate
        var gap = blocks[2];
        Assert.True(gap.IsGap);
        Assert.Equal(DateTimeOffset.Parse("2026-03-02T20:00:00Z"), gap.Start);
        Assert.Equal(DateTimeOffset.Parse("2026-03-03T03:00:00Z"), gap.End);
        Assert.Equal(0, gap.TotalTokens);
    }

    [Fact]
    public void The_active_window_projects_its_burn_rate_to_its_end()
    {
        var active = Blocks()[^1];
        Assert.True(active.IsActive);
        Assert.Equal(2, active.Requests); // the 05:00 call is after AsOf
        Assert.Equal(4000, active.TotalTokens);
        Assert.Equal(0.50m, active.Cost);
        Assert.Equal(133.33, active.TokensPerMinute); // 4000 tokens over 30 minutes
        Assert.Equal(4000 + 240 * 4000 / 30, active.ProjectedTokens); // 240 minutes left at 04:00
        Assert.Equal(0.50m + 1.00m * 4m, active.ProjectedCost); // $1.00 an hour for 4 more hours
        Assert.Equal(TimeSpan.FromHours(4), active.Remaining);
    }

    [Fact]
    public void Max_limit_is_the_highest_completed_window()
    {
        var blocks = Blocks(max: true);
        Assert.All(blocks.Where(b => !b.IsGap), b => Assert.Equal(3000, b.TokenLimit));
        var active = blocks[^1];
        Assert.Equal(133.33, active.PercentOfLimit);
        Assert.Equal(AlertLevel.Exceeded, active.Level);
        Assert.Null(active.LimitReachedAt); // already past it
        Assert.Equal(AlertLevel.Exceeded, blocks[0].Level); // the highest window is 100 % of itself
        Assert.Equal(AlertLevel.Ok, blocks[1].Level);
    }

    [Fact]
    public void A_fixed_limit_gives_the_time_it_is_reached()
    {
        var active = Blocks(limit: 20_000)[^1];
        Assert.Equal(20, active.PercentOfLimit);
        Assert.Equal(180, active.ProjectedPercentOfLimit);
        // 16,000 tokens left at 4000/30 a minute: 120 minutes after 04:00.
        Assert.Equal(DateTimeOffset.Parse("2026-03-03T06:00:00Z"), active.LimitReachedAt);
        Assert.Equal(AlertLevel.Warning, active.Level); // the projection passes the limit
        Assert.Contains("limit reached around 06:00 UTC", active.Message);

        var roomy = Blocks(limit: 100_000)[^1];
        Assert.Null(roomy.LimitReachedAt); // 720 minutes away, after the window ends
        Assert.Equal(AlertLevel.Ok, roomy.Level);
    }

    [Fact]
    public void A_call_exactly_at_the_end_opens_the_next_window_and_order_does_not_matter()
    {
        var forward = new UsageBlockAnalyzer(new BlockOptions { AsOf = DateTimeOffset.Parse("2026-03-04T00:00:00Z") });
        var backward = new UsageBlockAnalyzer(new BlockOptions { AsOf = DateTimeOffset.Parse("2026-03-04T00:00:00Z") });
        foreach (var r in Day) forward.Add(r, null);
        foreach (var r in Day.Reverse()) backward.Add(r, null);
        Assert.Equal(forward.Blocks().Select(b => (b.Id, b.TotalTokens)), backward.Blocks().Select(b => (b.Id, b.TotalTokens)));
        Assert.Equal(DateTimeOffset.Parse("2026-03-02T15:00:00Z"), forward.Blocks()[1].Start);
    }
}
