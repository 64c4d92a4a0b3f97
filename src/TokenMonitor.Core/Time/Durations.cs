using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;

namespace TokenMonitor.Time;

/// <summary>Spans as people write them in budget files: <c>5h</c>, <c>90m</c>, <c>1d12h</c>, ISO 8601 <c>PT5H</c>, or <c>05:00:00</c>.</summary>
public static partial class Durations
{
    [GeneratedRegex(@"^\s*(?:(?<d>\d{1,5})\s*d)?\s*(?:(?<h>\d{1,6})\s*h)?\s*(?:(?<m>\d{1,7})\s*m(?:in)?)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Short();

    public static bool TryParse(string? text, out TimeSpan span)
    {
        span = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var match = Short().Match(text);
        if (match.Success && (match.Groups["d"].Success || match.Groups["h"].Success || match.Groups["m"].Success))
        {
            span = TimeSpan.FromDays(Part(match, "d")) + TimeSpan.FromHours(Part(match, "h")) + TimeSpan.FromMinutes(Part(match, "m"));
            return true;
        }

        if (text.TrimStart().StartsWith('P'))
        {
            try
            {
                span = XmlConvert.ToTimeSpan(text.Trim());
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out span);
    }

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var span) ? span
        : throw new FormatException($"'{text}' is not a duration (write 5h, 90m, 1d12h, PT5H or 05:00:00)");

    /// <summary>The way <see cref="Parse"/> reads it back: <c>5h</c>, <c>1d12h</c>, <c>90m</c>.</summary>
    public static string Format(TimeSpan span)
    {
        var text = "";
        if (span.Days > 0) text += $"{span.Days}d";
        if (span.Hours > 0) text += $"{span.Hours}h";
        if (span.Minutes > 0) text += $"{span.Minutes}m";
        return text.Length == 0 ? span.ToString("c", CultureInfo.InvariantCulture) : text;
    }

    private static int Part(Match match, string group) =>
        match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
}
