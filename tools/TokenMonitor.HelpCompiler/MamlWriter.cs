using System.Xml.Linq;
using static TokenMonitor.HelpCompiler.MamlNames;

namespace TokenMonitor.HelpCompiler;

/// <summary>
/// Renders one command in the element layout platyPS's New-ExternalHelp emits, which is what Get-Help has been
/// tested against in practice (attribute spellings such as pipelineInput="True (ByValue)" included).
/// </summary>
internal static class MamlWriter
{
    private const string ExampleTitleDashes = "--------------------------";

    public static XElement Render(CommandHelp command)
    {
        var dash = command.Name.IndexOf('-');
        var verb = dash < 0 ? command.Name : command.Name[..dash];
        var noun = dash < 0 ? "" : command.Name[(dash + 1)..];

        return new XElement(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MSHelp),
            new XElement(Command + "details",
                new XElement(Command + "name", command.Name),
                new XElement(Command + "verb", verb),
                new XElement(Command + "noun", noun),
                Description(command.Synopsis)),
            Description(command.Description),
            new XElement(Command + "syntax",
                SyntaxBuilder.Build(command).Select(set => new XElement(Command + "syntaxItem",
                    new XElement(Maml + "name", command.Name),
                    set.Select(member => Parameter(member.Parameter, member.Metadata, inSyntax: true))))),
            new XElement(Command + "parameters",
                command.Parameters.Select(parameter => Parameter(parameter, parameter.Variants[0], inSyntax: false))),
            new XElement(Command + "inputTypes", command.Inputs.Select(input => TypeEntry("inputType", input))),
            new XElement(Command + "returnValues", command.Outputs.Select(output => TypeEntry("returnValue", output))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paras(command.Notes))),
            new XElement(Command + "examples", command.Examples.Select(Example)),
            new XElement(Maml + "relatedLinks", Links(command)));
    }

    private static XElement Parameter(ParameterHelp parameter, ParameterMetadata metadata, bool inSyntax)
    {
        // Get-Help prints "-Recurse" in syntax, not "-Recurse <SwitchParameter>", only when the value element is absent.
        var showValue = !inSyntax || !metadata.IsSwitch;
        var defaultValue = metadata.IsSwitch && metadata.DefaultValue is null or "None"
            ? "False"
            : metadata.DefaultValue ?? "None";

        return new XElement(Command + "parameter",
            new XAttribute("required", metadata.Required),
            new XAttribute("variableLength", true),
            new XAttribute("globbing", metadata.Globbing),
            new XAttribute("pipelineInput", metadata.PipelineInput),
            new XAttribute("position", metadata.Position),
            new XAttribute("aliases", metadata.Aliases.Count > 0 ? string.Join(", ", metadata.Aliases) : "none"),
            new XElement(Maml + "name", parameter.Name),
            Description(parameter.Description),
            inSyntax && metadata.AcceptedValues.Count > 0
                ? new XElement(Command + "parameterValueGroup", metadata.AcceptedValues.Select(AcceptedValue))
                : null,
            showValue
                ? new XElement(Command + "parameterValue",
                    new XAttribute("required", !metadata.IsSwitch),
                    new XAttribute("variableLength", false),
                    metadata.MamlType)
                : null,
            new XElement(Dev + "type", new XElement(Maml + "name", metadata.MamlType), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", defaultValue));
    }

    private static XElement AcceptedValue(string value) =>
        new(Command + "parameterValue",
            new XAttribute("required", false),
            new XAttribute(Command + "variableLength", false),
            value);

    private static XElement TypeEntry(string elementName, TypeHelp entry) =>
        new(Command + elementName,
            new XElement(Dev + "type", new XElement(Maml + "name", entry.TypeName)),
            Description(entry.Description));

    private static XElement Example(ExampleHelp example) =>
        new(Command + "example",
            new XElement(Maml + "title", $"{ExampleTitleDashes} {example.Title} {ExampleTitleDashes}"),
            new XElement(Dev + "code", example.Code),
            new XElement(Dev + "remarks", Paras(example.Remarks)));

    private static IEnumerable<XElement> Links(CommandHelp command)
    {
        // Get-Help -Online opens the first link with a usable URI, so the online version goes first.
        var links = command.OnlineVersion is null
            ? command.Links
            : command.Links.Prepend(new LinkHelp("Online Version:", command.OnlineVersion));
        return links.Select(link => new XElement(Maml + "navigationLink",
            new XElement(Maml + "linkText", link.Text),
            new XElement(Maml + "uri", WebUriOrEmpty(link.Uri))));
    }

    // Get-Help rejects a uri it can't open, and relative links between .md pages mean nothing offline.
    private static string WebUriOrEmpty(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps)
            ? uri
            : "";

    private static XElement Description(IEnumerable<string> paragraphs) => new(Maml + "description", Paras(paragraphs));

    private static IEnumerable<XElement> Paras(IEnumerable<string> paragraphs) =>
        paragraphs.Select(text => new XElement(Maml + "para", text));
}
