using TokenMonitor.Reading;

namespace TokenMonitor.Tests.Reading;

public class ChunkedListTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(4096)]
    [InlineData(10_000)]
    public void Items_keep_their_order_and_places_across_chunks(int count)
    {
        var list = new ChunkedList<ReadItem>();
        var issues = Enumerable.Range(0, count).Select(i => new ReadIssue(ReadIssueKind.MalformedJson, "f", i, "x")).ToList();
        foreach (var issue in issues) list.Add(new ReadItem(null, issue));
        Assert.Equal(count, list.Count);
        Assert.Equal(issues, list.Select(i => i.Issue));
        var k = 0;
        foreach (var item in list) Assert.Same(issues[k++], item.Issue); // the struct enumerator
        if (count == 0) return;
        list[count - 1] = new ReadItem(null, issues[0]);
        Assert.Same(issues[0], list[count - 1].Issue);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[count]);
    }
}
