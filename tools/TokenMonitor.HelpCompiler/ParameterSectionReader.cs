using Markdig.Syntax;

namespace TokenMonitor.HelpCompiler;

internal static class ParameterSectionReader
{
    // Get-Help describes these itself; platyPS keeps the headings only as a marker.
    private static readonly string[] NotRealParameters = ["CommonParameters", "WorkflowParameters"];

    public static List<ParameterHelp> Read(OutlineNode? section, PageErrors errors)
    {
        var parameters = new List<ParameterHelp>();
        foreach (var entry in section?.Entries ?? [])
        {
            if (NotRealParameters.Contains(entry.Name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var parameter = ReadParameter(entry, errors);
            if (parameter is not null)
            {
                parameters.Add(parameter);
            }
        }

        return parameters;
    }

    private static ParameterHelp? ReadParameter(OutlineNode entry, PageErrors errors)
    {
        var name = entry.Name.TrimStart('-');
        var yamlBlocks = entry.Body.OfType<FencedCodeBlock>().Where(IsYaml).ToList();
        if (yamlBlocks.Count == 0)
        {
            errors.Add(entry.Line, $"parameter -{name} has no ```yaml block (Type, Parameter Sets, Required, Position, ...)");
            return null;
        }

        var variants = yamlBlocks.Select(yaml => ParameterMetadataReader.Read(name, yaml, errors)).ToList();
        var description = PlainText.Paragraphs(entry.Body.Where(block => !yamlBlocks.Contains(block)));
        if (PlatyPsPlaceholder.FindIn(description) is { } placeholder)
        {
            errors.Add(entry.Line, $"parameter -{name} still has the placeholder '{placeholder}'");
            return null;
        }

        return variants.Contains(null) ? null : new ParameterHelp(name, description, variants!);
    }

    private static bool IsYaml(FencedCodeBlock block) =>
        string.Equals(block.Info, "yaml", StringComparison.OrdinalIgnoreCase) ||
        string.Equals(block.Info, "yml", StringComparison.OrdinalIgnoreCase);
}
