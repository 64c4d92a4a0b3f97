namespace TokenMonitor.Pricing;

/// <summary>
/// Time-of-day pricing: outside its peak hours (UTC, on its peak days) a model bills its off-peak rates. DeepSeek's
/// API does so (https://api-docs.deepseek.com/quick_start/pricing, read 2026-11-15: peak 01:00-04:00 and 06:00-10:00
/// UTC, Monday to Friday except Chinese public holidays, half price otherwise).
/// </summary>
public sealed record OffPeakTier
{
    public required PriceRates Rates { get; init; }

    /// <summary>Half-open UTC intervals of the peak, [From, To); one that wraps past midnight has From after To.</summary>
    public required IReadOnlyList<(TimeOnly From, TimeOnly To)> PeakHoursUtc { get; init; }

    /// <summary>Days (UTC) on which the peak hours apply; every hour of any other day is off-peak.</summary>
    public required IReadOnlySet<DayOfWeek> PeakDays { get; init; }

    /// <summary>
    /// Whether a call at <paramref name="instant"/> bills off-peak. Holidays a provider also treats as off-peak are not
    /// known here: a call in peak hours on such a day is priced at the peak rates (docs/pricing.md).
    /// </summary>
    public bool IsOffPeak(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        if (!PeakDays.Contains(utc.DayOfWeek)) return true;
        var time = TimeOnly.FromDateTime(utc);
        foreach (var (from, to) in PeakHoursUtc)
        {
            if (from < to ? time >= from && time < to : time >= from || time < to) return false;
        }

        return true;
    }
}
