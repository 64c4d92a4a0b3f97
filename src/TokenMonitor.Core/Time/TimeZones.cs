using System.Globalization;

namespace TokenMonitor.Time;

/// <summary>Time zones by IANA or Windows id, so a budget file written on one OS works on another.</summary>
public static class TimeZones
{
    public static TimeZoneInfo Find(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Equals("UTC", StringComparison.OrdinalIgnoreCase)) return TimeZoneInfo.Utc;
        if (id.Equals("Local", StringComparison.OrdinalIgnoreCase)) return TimeZoneInfo.Local;
        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)) return zone;
        if (TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var iana) && TimeZoneInfo.TryFindSystemTimeZoneById(iana, out zone)) return zone;
        if (TimeZoneInfo.TryConvertIanaIdToWindowsId(id, out var windows) && TimeZoneInfo.TryFindSystemTimeZoneById(windows, out zone)) return zone;
        throw new TimeZoneNotFoundException($"'{id}' is neither an IANA nor a Windows time zone id (for example Europe/Berlin or W. Europe Standard Time).");
    }

    /// <summary>The calendar day of an instant in a zone.</summary>
    public static DateOnly DayOf(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>The first day of the week holding <paramref name="day"/>.</summary>
    public static DateOnly WeekStart(DateOnly day, DayOfWeek firstDay)
    {
        var back = ((int)day.DayOfWeek - (int)firstDay + 7) % 7;
        return day.DayNumber >= back ? day.AddDays(-back) : DateOnly.MinValue;
    }

    /// <summary>The instant a local calendar day begins in a zone, with DST gaps resolved forward.</summary>
    public static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>
    /// A moment as budgets take it: a bare date (2026-11-01) is midnight in <paramref name="zone"/>, as a calendar
    /// period there would start; a time with an offset or Z is that instant; a time without one is UTC.
    /// </summary>
    public static bool TryParseMoment(string? text, TimeZoneInfo zone, out DateTimeOffset moment)
    {
        moment = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            moment = StartOf(day, zone);
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out moment);
    }
}
