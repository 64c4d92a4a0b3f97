using System.Globalization;

namespace TokenMonitor;

/// <summary>Text the format views need beyond a property read, kept compiled and testable.</summary>
public static class Formatting
{
    /// <summary>A summary row's key values in grouping order, e.g. "2026-11-17 / claude-sonnet-4-5"; "(all)" for -Summary.</summary>
    public static string GroupLabel(UsageSummary row)
    {
        if (row.GroupBy.Length == 0) return "(all)";
        var parts = row.GroupBy.Select(dimension => dimension switch
        {
            "Day" => row.Day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "Week" => row.Week?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "Month" => row.Month,
            "Model" => row.Model,
            "Provider" => row.Provider,
            "Project" => row.Project,
            "Session" => row.Session,
            "User" => row.User,
            "Service" => row.Service,
            "Job" => row.Job,
            "Tag" => row.Tag,
            _ => null,
        });
        return string.Join(" / ", parts.Select(p => string.IsNullOrEmpty(p) ? "(none)" : p));
    }
}
