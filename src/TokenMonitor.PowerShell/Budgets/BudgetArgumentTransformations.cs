using System.Management.Automation;
using TokenMonitor.Time;

namespace TokenMonitor.Commands;

/// <summary>Lets <c>-Window 5h</c> bind as people write it in budget files, beside TimeSpan values and "05:00:00".</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class DurationTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject ps ? ps.BaseObject : inputData;
        return value switch
        {
            string text when Durations.TryParse(text, out var span) => span,
            string text => throw new ArgumentTransformationMetadataException(
                $"'{text}' is not a duration (write 5h, 90m, 1d12h, PT5H or 05:00:00)."),
            _ => value,
        };
    }
}

/// <summary>
/// Keeps -Start as written, so a bare date means midnight in the budget's -TimeZone (as in a budget file) rather
/// than in this computer's zone, which is what PowerShell's own conversion to a date would use. Dates and
/// times passed as objects become their exact instant.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class MomentTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject ps ? ps.BaseObject : inputData;
        return value switch
        {
            DateTimeOffset instant => instant.ToUniversalTime().ToString("o", System.Globalization.CultureInfo.InvariantCulture),
            DateTime { Kind: DateTimeKind.Unspecified } local => local.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture),
            DateTime time => new DateTimeOffset(time.ToUniversalTime()).ToString("o", System.Globalization.CultureInfo.InvariantCulture),
            _ => value,
        };
    }
}
