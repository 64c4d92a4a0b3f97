namespace TokenMonitor.Analytics;

/// <summary>What the analyses group on: the record's own labels, and CacheKey for where a cached prefix can be reused.</summary>
public enum AnalysisDimension
{
    Model,
    Provider,
    Project,
    Session,
    User,
    Service,
    Job,

    /// <summary>Provider, model and session together: a prompt cache is per model, and a conversation reuses its own prefix.</summary>
    CacheKey,
}

internal static class AnalysisGroups
{
    public static string Label(UsageRecord r, IReadOnlyList<AnalysisDimension> dimensions)
    {
        if (dimensions.Count == 0) return "(all)";
        if (dimensions.Count == 1) return Part(r, dimensions[0]);
        return string.Join(" / ", dimensions.Select(d => Part(r, d)));
    }

    private static string Part(UsageRecord r, AnalysisDimension dimension)
    {
        var value = dimension switch
        {
            AnalysisDimension.Model => r.Model,
            AnalysisDimension.Provider => r.Provider,
            AnalysisDimension.Project => r.Project,
            AnalysisDimension.Session => r.SessionId,
            AnalysisDimension.User => r.User,
            AnalysisDimension.Service => r.Service,
            AnalysisDimension.Job => r.Job,
            _ => $"{r.Provider}:{r.Model}:{r.SessionId ?? "-"}",
        };
        return string.IsNullOrEmpty(value) ? "(none)" : value;
    }
}
