namespace TokenMonitor.HelpCompiler;

internal sealed record CommandHelp(
    string Name,
    string? OnlineVersion,
    IReadOnlyList<string> Synopsis,
    IReadOnlyList<string> Description,
    IReadOnlyList<string> SyntaxSetNames,
    IReadOnlyList<ParameterHelp> Parameters,
    IReadOnlyList<TypeHelp> Inputs,
    IReadOnlyList<TypeHelp> Outputs,
    IReadOnlyList<string> Notes,
    IReadOnlyList<ExampleHelp> Examples,
    IReadOnlyList<LinkHelp> Links);

/// <summary>
/// A parameter has one metadata variant per yaml block; platyPS writes several when the
/// parameter behaves differently per parameter set (e.g. mandatory in one, optional in another).
/// </summary>
internal sealed record ParameterHelp(string Name, IReadOnlyList<string> Description, IReadOnlyList<ParameterMetadata> Variants);

internal sealed record ParameterMetadata(
    string Type,
    IReadOnlyList<string> ParameterSets,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> AcceptedValues,
    bool Required,
    string Position,
    string? DefaultValue,
    string PipelineInput,
    bool Globbing)
{
    public const string AllSets = "(All)";

    private static readonly string[] SwitchTypeNames =
        ["switch", "SwitchParameter", "System.Management.Automation.SwitchParameter"];

    public bool IsSwitch => SwitchTypeNames.Contains(Type, StringComparer.OrdinalIgnoreCase);

    public string MamlType => IsSwitch ? "SwitchParameter" : Type;

    public bool IsIn(string parameterSet) => ParameterSets.Contains(parameterSet, StringComparer.OrdinalIgnoreCase);
}

internal sealed record ExampleHelp(string Title, string Code, IReadOnlyList<string> Remarks);

internal sealed record TypeHelp(string TypeName, IReadOnlyList<string> Description);

internal sealed record LinkHelp(string Text, string Uri);
