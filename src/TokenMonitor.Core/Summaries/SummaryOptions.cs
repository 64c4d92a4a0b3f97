namespace TokenMonitor.Summaries;

public sealed record SummaryOptions
{
    /// <summary>Empty means one row for everything (-Summary).</summary>
    public IReadOnlyList<SummaryDimension> GroupBy { get; init; } = [];
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;
    public DayOfWeek WeekStart { get; init; } = DayOfWeek.Monday;
}
