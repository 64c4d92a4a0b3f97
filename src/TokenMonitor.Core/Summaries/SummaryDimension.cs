namespace TokenMonitor.Summaries;

/// <summary>What Measure-TokenCost -GroupBy can group on; any combination.</summary>
public enum SummaryDimension
{
    Day,
    Week,
    Month,
    Model,
    Provider,
    Project,
    Session,
    User,
    Service,
    Job,
    Tag,
}
