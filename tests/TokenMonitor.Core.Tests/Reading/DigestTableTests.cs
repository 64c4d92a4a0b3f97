using TokenMonitor.Reading;

namespace TokenMonitor.Tests.Reading;

public class DigestTableTests
{
    [Fact]
    public void Digests_are_found_with_their_first_flag_through_every_growth()
    {
        var table = new DigestTable();
        var random = new Random(7);
        var digests = Enumerable.Range(0, 100_000).Select(_ => (ulong)random.NextInt64() << 1 | 1).Distinct().ToList();
        for (var k = 0; k < digests.Count; k++) Assert.True(table.TryAdd(digests[k], flag: k % 3 == 0));
        for (var k = 0; k < digests.Count; k++)
        {
            Assert.False(table.TryAdd(digests[k], flag: k % 3 != 0)); // a second add keeps the first flag
            Assert.True(table.TryGet(digests[k], out var flag));
            Assert.Equal(k % 3 == 0, flag);
        }

        Assert.Equal(digests.Count, table.Count);
        Assert.False(table.TryGet(12345678UL << 8, out _));
    }

    [Fact]
    public void The_lowest_bit_carries_the_flag_and_zero_is_a_digest_like_any_other()
    {
        var table = new DigestTable();
        Assert.False(table.TryGet(0, out _));
        Assert.True(table.TryAdd(0, flag: true));
        Assert.True(table.TryGet(0, out var flag) && flag);
        Assert.True(table.TryGet(1, out _)); // differs only in the flag bit: the same digest
        Assert.True(table.TryAdd(4));
        Assert.True(table.TryGet(5, out var other) && !other);
    }
}
