using TokenMonitor.Time;

namespace TokenMonitor.Tests.Time;

public class DurationTests
{
    [Theory]
    [InlineData("5h", 300)]
    [InlineData("90m", 90)]
    [InlineData("90min", 90)]
    [InlineData("1d12h", 2160)]
    [InlineData("1d 12h 30m", 2190)]
    [InlineData("PT5H", 300)]
    [InlineData("P1DT2H", 1560)]
    [InlineData("05:00:00", 300)]
    [InlineData("5H", 300)]
    public void Durations_read_as_people_write_them(string text, int minutes)
    {
        Assert.True(Durations.TryParse(text, out var span));
        Assert.Equal(TimeSpan.FromMinutes(minutes), span);
    }

    [Theory]
    [InlineData("")]
    [InlineData("five hours")]
    [InlineData("5x")]
    [InlineData("99999999999999h")]
    [InlineData("P")]
    public void Nonsense_is_not_a_duration(string text) => Assert.False(Durations.TryParse(text, out _));

    [Theory]
    [InlineData(300, "5h")]
    [InlineData(2190, "1d12h30m")]
    public void Formatting_reads_back(int minutes, string text)
    {
        Assert.Equal(text, Durations.Format(TimeSpan.FromMinutes(minutes)));
        Assert.Equal(TimeSpan.FromMinutes(minutes), Durations.Parse(text));
    }
}
