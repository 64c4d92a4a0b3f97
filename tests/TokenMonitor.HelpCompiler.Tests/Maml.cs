using System.Xml.Linq;

namespace TokenMonitor.HelpCompiler.Tests;

internal static class Maml
{
    public static readonly XNamespace Msh = "http://msh";
    public static readonly XNamespace M = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static XElement CompileSingle(string path, string markdown)
    {
        var result = MamlCompiler.Compile([(path, markdown)]);
        Assert.Empty(result.Diagnostics);
        return Assert.Single(result.Document.Root!.Elements(Command + "command"));
    }

    public static string[] Paras(XElement? container) =>
        container is null ? [] : [.. container.Elements(M + "para").Select(para => para.Value)];

    public static XElement NamedParameter(IEnumerable<XElement> parameters, string name) =>
        parameters.Single(parameter => parameter.Element(M + "name")!.Value == name);
}
