using Markdig.Syntax;

namespace TokenMonitor.HelpCompiler;

/// <summary>
/// Reads the ```yaml block under a parameter. platyPS writes flat "Key: value" lines, so a full YAML
/// parser would add a dependency without accepting anything more.
/// </summary>
internal static class ParameterMetadataReader
{
    private const string TypeKey = "Type";
    private const string ParameterSetsKey = "Parameter Sets";
    private const string AliasesKey = "Aliases";
    private const string AcceptedValuesKey = "Accepted values";
    private const string RequiredKey = "Required";
    private const string PositionKey = "Position";
    private const string DefaultValueKey = "Default value";
    private const string PipelineInputKey = "Accept pipeline input";
    private const string WildcardKey = "Accept wildcard characters";
    private const string ApplicableKey = "Applicable";

    private static readonly string[] KnownKeys =
    [
        TypeKey, ParameterSetsKey, AliasesKey, AcceptedValuesKey, RequiredKey, PositionKey,
        DefaultValueKey, PipelineInputKey, WildcardKey, ApplicableKey,
    ];

    public static ParameterMetadata? Read(string parameterName, FencedCodeBlock yaml, PageErrors errors)
    {
        var errorsBefore = errors.Count;
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in yaml.Lines.Lines.Take(yaml.Lines.Count))
        {
            var text = line.Slice.ToString();
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var colon = text.IndexOf(':');
            var key = colon > 0 ? text[..colon].Trim() : "";
            if (!KnownKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                var reason = colon > 0 ? $"unknown key '{key}'" : $"expected 'Key: value', got '{text.Trim()}'";
                errors.Add(line.Line + 1, $"parameter -{parameterName}: {reason} in its yaml block");
                continue;
            }

            var value = text[(colon + 1)..].Trim();
            if (value.Length > 0)
            {
                values[key] = value;
            }
        }

        var type = values.GetValueOrDefault(TypeKey);
        if (type is null)
        {
            errors.Add(yaml.Line + 1, $"parameter -{parameterName}: its yaml block has no '{TypeKey}:'");
        }

        if (type is null || errors.Count > errorsBefore)
        {
            return null;
        }

        var sets = SplitList(values.GetValueOrDefault(ParameterSetsKey));
        return new ParameterMetadata(
            Type: type,
            ParameterSets: sets.Count > 0 ? sets : [ParameterMetadata.AllSets],
            Aliases: SplitList(values.GetValueOrDefault(AliasesKey)),
            AcceptedValues: SplitList(values.GetValueOrDefault(AcceptedValuesKey)),
            Required: IsTrue(values.GetValueOrDefault(RequiredKey)),
            Position: (values.GetValueOrDefault(PositionKey) ?? "named").ToLowerInvariant(),
            DefaultValue: values.GetValueOrDefault(DefaultValueKey),
            PipelineInput: values.GetValueOrDefault(PipelineInputKey) ?? "False",
            Globbing: IsTrue(values.GetValueOrDefault(WildcardKey)));
    }

    private static List<string> SplitList(string? value) =>
        value is null ? [] : [.. value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}
