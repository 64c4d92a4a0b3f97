using System.Text;
using System.Xml;
using System.Xml.Linq;
using Markdig;

namespace TokenMonitor.HelpCompiler;

/// <summary>Compiles platyPS "schema: 2.0.0" cmdlet pages into one MAML help file for Get-Help.</summary>
public static class MamlCompiler
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    /// <summary>
    /// Pages that are not cmdlet pages (no "external help file:" in the front matter, or about_ topics) are skipped,
    /// so a whole docs folder can be passed in. A page with any diagnostic is left out of the document.
    /// </summary>
    public static CompileResult Compile(IEnumerable<(string Path, string Markdown)> pages)
    {
        var diagnostics = new List<Diagnostic>();
        var commands = new List<XElement>();
        var seenNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        foreach (var (path, markdown) in pages)
        {
            var outline = PageOutline.Build(Markdown.Parse(markdown, Pipeline));
            if (!IsCmdletPage(path, outline))
            {
                continue;
            }

            var command = CommandPageParser.Parse(outline, new PageErrors(path, diagnostics));
            if (command is null)
            {
                continue;
            }

            if (seenNames.TryGetValue(command.Name, out var firstPath))
            {
                diagnostics.Add(new Diagnostic(path, outline.Title!.Line + 1, $"command '{command.Name}' is already documented in {firstPath}"));
                continue;
            }

            seenNames[command.Name] = path;
            commands.Add(MamlWriter.Render(command));
        }

        var document = new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement(MamlNames.Msh + "helpItems", new XAttribute("schema", "maml"), commands));
        return new CompileResult(document, diagnostics, commands.Count);
    }

    public static void Save(XDocument document, Stream output)
    {
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", Encoding = new UTF8Encoding(false) };
        using var writer = XmlWriter.Create(output, settings);
        document.Save(writer);
    }

    private static bool IsCmdletPage(string path, PageOutline outline) =>
        !Path.GetFileName(path).StartsWith("about_", StringComparison.OrdinalIgnoreCase) &&
        FrontMatter.Read(outline.FrontMatter).ContainsKey(FrontMatter.ExternalHelpFile);
}
