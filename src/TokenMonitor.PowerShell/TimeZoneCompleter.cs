using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace TokenMonitor.Commands;

/// <summary>
/// Completes -TimeZone with the IANA ids this machine knows (Europe/Berlin), matching the start of the id or of
/// its city, so "Berl" finds Europe/Berlin; UTC and Local first, as the values people reach for most.
/// </summary>
public sealed class TimeZoneCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = wordToComplete.Trim('\'', '"');
        var ids = new[] { "UTC", "Local" }.Concat(TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/')).Order(StringComparer.Ordinal));
        foreach (var id in ids.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var city = id[(id.LastIndexOf('/') + 1)..];
            if (!id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && !city.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) continue;
            yield return new CompletionResult(id, id, CompletionResultType.ParameterValue, id);
        }
    }
}
