using TokenMonitor.Time;

namespace TokenMonitor.Summaries;

/// <summary>
/// Groups priced records in one pass, so that a summary of a million calls crosses the pipeline as a
/// handful of rows. A record with several tags counts in each tag's row when grouping by Tag.
/// </summary>
public sealed class UsageAggregator(SummaryOptions options)
{
    private readonly Dictionary<GroupKey, SummaryAccumulator> _groups = [];
    private readonly bool _byTag = options.GroupBy.Contains(SummaryDimension.Tag);

    public void Add(UsageRecord record)
    {
        if (record.IsDuplicate) return; // a merged copy shown with -IncludeDuplicates is not another call
        if (!_byTag)
        {
            Accumulate(KeyFor(record, null), record);
            return;
        }

        if (record.Tags.Length == 0)
        {
            Accumulate(KeyFor(record, null), record);
            return;
        }

        foreach (var tag in record.Tags.Distinct(StringComparer.Ordinal))
        {
            Accumulate(KeyFor(record, tag), record);
        }
    }

    private void Accumulate(GroupKey key, UsageRecord record)
    {
        if (!_groups.TryGetValue(key, out var group))
        {
            _groups[key] = group = new SummaryAccumulator();
        }

        group.Add(record);
    }

    /// <summary>The rows, ordered by their keys in the order the dimensions were named.</summary>
    public IEnumerable<UsageSummary> Results()
    {
        var names = options.GroupBy.Select(d => d.ToString()).ToArray();
        return _groups.OrderBy(g => g.Key, GroupKeyComparer.For(options.GroupBy))
            .Select(g => g.Value.ToSummary(g.Key, names));
    }

    private GroupKey KeyFor(UsageRecord r, string? tag)
    {
        var key = new GroupKey();
        foreach (var dimension in options.GroupBy)
        {
            switch (dimension)
            {
                case SummaryDimension.Day: key = key with { Day = TimeZones.DayOf(r.Timestamp, options.TimeZone) }; break;
                case SummaryDimension.Week: key = key with { Week = TimeZones.WeekStart(TimeZones.DayOf(r.Timestamp, options.TimeZone), options.WeekStart) }; break;
                case SummaryDimension.Month: key = key with { Month = TimeZones.DayOf(r.Timestamp, options.TimeZone).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture) }; break;
                case SummaryDimension.Model: key = key with { Model = r.Model }; break;
                case SummaryDimension.Provider: key = key with { Provider = r.Provider }; break;
                case SummaryDimension.Project: key = key with { Project = r.Project ?? "" }; break;
                case SummaryDimension.Session: key = key with { Session = r.SessionId ?? "" }; break;
                case SummaryDimension.User: key = key with { User = r.User ?? "" }; break;
                case SummaryDimension.Service: key = key with { Service = r.Service ?? "" }; break;
                case SummaryDimension.Job: key = key with { Job = r.Job ?? "" }; break;
                case SummaryDimension.Tag: key = key with { Tag = tag ?? "" }; break;
            }
        }

        return key;
    }
}

internal readonly record struct GroupKey(
    DateOnly? Day, DateOnly? Week, string? Month, string? Model, string? Provider, string? Project,
    string? Session, string? User, string? Service, string? Job, string? Tag);

internal sealed class GroupKeyComparer(IReadOnlyList<SummaryDimension> order) : IComparer<GroupKey>
{
    public static GroupKeyComparer For(IReadOnlyList<SummaryDimension> order) => new(order);

    public int Compare(GroupKey x, GroupKey y)
    {
        foreach (var dimension in order)
        {
            var c = dimension switch
            {
                SummaryDimension.Day => Nullable.Compare(x.Day, y.Day),
                SummaryDimension.Week => Nullable.Compare(x.Week, y.Week),
                SummaryDimension.Month => string.CompareOrdinal(x.Month, y.Month),
                SummaryDimension.Model => string.CompareOrdinal(x.Model, y.Model),
                SummaryDimension.Provider => string.CompareOrdinal(x.Provider, y.Provider),
                SummaryDimension.Project => string.CompareOrdinal(x.Project, y.Project),
                SummaryDimension.Session => string.CompareOrdinal(x.Session, y.Session),
                SummaryDimension.User => string.CompareOrdinal(x.User, y.User),
                SummaryDimension.Service => string.CompareOrdinal(x.Service, y.Service),
                SummaryDimension.Job => string.CompareOrdinal(x.Job, y.Job),
                _ => string.CompareOrdinal(x.Tag, y.Tag),
            };
            if (c != 0) return c;
        }

        return 0;
    }
}
