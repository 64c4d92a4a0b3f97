using System.Globalization;
using System.Text.Json;

namespace TokenMonitor.Reading.Formats;

/// <summary>Reading counts, text and times from a JsonElement with the same checks as the line scanner.</summary>
internal static class JsonValues
{
    public static JsonElement? Child(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static string? Text(this JsonElement e, string name) => e.Child(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        { } other => throw new UsageFormatException(ReadIssueKind.InvalidValue, $"{name} should be a string but is {other.ValueKind}"),
    };

    /// <summary>A token count: a whole, non-negative number, or such a number as text (OTLP JSON writes int64 as strings).</summary>
    public static long? Count(this JsonElement e, string name) => e.Child(name) is { } value ? CountValue(value, name) : null;

    public static long CountValue(JsonElement value, string name)
    {
        var count = WholeNumber(value, name);
        if (count > UsageJsonScanner.MaxTokensPerCall) throw new UsageFormatException(ReadIssueKind.InvalidValue, $"{name} is {count}, more than any single call can use");
        return count;
    }

    /// <summary>A non-negative whole number, written as a JSON number or as text.</summary>
    public static long WholeNumber(JsonElement value, string name)
    {
        long number;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out number)) { }
        else if (value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number)) { }
        else throw new UsageFormatException(ReadIssueKind.InvalidValue, $"{name} should be a whole number but is {value}");

        return number >= 0 ? number : throw new UsageFormatException(ReadIssueKind.InvalidValue, $"{name} is negative ({number})");
    }

    public static DateTimeOffset? Time(this JsonElement e, string name)
    {
        if (e.Child(name) is not { } value) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds)) return FromUnixSeconds(seconds, name);
        if (value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return UsageJsonScanner.Plausible(instant, name);
        }

        throw new UsageFormatException(ReadIssueKind.InvalidValue, $"{name} is not a date and time");
    }

    public static DateTimeOffset FromUnixSeconds(long seconds, string name) =>
        seconds is >= 946_684_800 and < 4_102_444_800 ? DateTimeOffset.FromUnixTimeSeconds(seconds)
        : throw new UsageFormatException(ReadIssueKind.InvalidValue, $"{name} {seconds} is not a plausible time for a model call");

    /// <summary>The result rows of a usage report's time buckets, each with its bucket's start and end.</summary>
    public static IEnumerable<(DateTimeOffset Start, DateTimeOffset? End, JsonElement Row)> BucketRows(this JsonElement root, string startField, string endField)
    {
        foreach (var bucket in root.Items("data"))
        {
            var start = bucket.Time(startField) ?? throw new UsageFormatException(ReadIssueKind.MissingField, $"a usage bucket without {startField}");
            var end = bucket.Time(endField);
            foreach (var row in bucket.Items("results")) yield return (start, end, row);
        }
    }

    public static IEnumerable<JsonElement> Items(this JsonElement e, string name) =>
        e.Child(name) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];
}
