namespace TokenMonitor.Analytics;

/// <summary>Order statistics shared by the analyses: medians and MAD resist the spikes they are asked to find.</summary>
public static class RobustStatistics
{
    /// <summary>1.4826 × MAD estimates the standard deviation of normally distributed data.</summary>
    public const double MadToSigma = 1.4826;

    /// <summary>The median; sorts <paramref name="values"/> in place.</summary>
    public static double Median(List<double> values)
    {
        if (values.Count == 0) return double.NaN;
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /// <summary>Median absolute deviation from <paramref name="center"/>.</summary>
    public static double Mad(IReadOnlyList<double> values, double center)
    {
        if (values.Count == 0) return double.NaN;
        var deviations = new List<double>(values.Count);
        foreach (var v in values) deviations.Add(Math.Abs(v - center));
        return Median(deviations);
    }

    /// <summary>Nearest-rank percentile of values already sorted ascending (the rule Measure-TokenCost's P50–P99 use).</summary>
    public static double? NearestRank(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return null;
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
