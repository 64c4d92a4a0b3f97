using Markdig.Extensions.Yaml;
using Markdig.Syntax;

namespace TokenMonitor.HelpCompiler;

/// <summary>
/// A platyPS page cut along its headings: "# Name", "## SECTION", "### Entry".
/// Every rule in the schema is about which blocks sit under which heading, so this is the shape the readers want.
/// </summary>
internal sealed class PageOutline
{
    public YamlFrontMatterBlock? FrontMatter { get; private init; }

    public HeadingBlock? Title { get; private set; }

    public List<OutlineNode> Sections { get; } = [];

    public OutlineNode? Section(string name) =>
        Sections.FirstOrDefault(section => string.Equals(section.Name, name, StringComparison.OrdinalIgnoreCase));

    public static PageOutline Build(MarkdownDocument document)
    {
        var outline = new PageOutline { FrontMatter = document.OfType<YamlFrontMatterBlock>().FirstOrDefault() };
        OutlineNode? section = null;
        OutlineNode? entry = null;

        foreach (var block in document)
        {
            switch (block)
            {
                case YamlFrontMatterBlock:
                    break;
                case HeadingBlock { Level: 1 } title when outline.Title is null:
                    outline.Title = title;
                    break;
                case HeadingBlock { Level: 2 } heading:
                    section = new OutlineNode(heading);
                    entry = null;
                    outline.Sections.Add(section);
                    break;
                case HeadingBlock { Level: 3 } heading when section is not null:
                    entry = new OutlineNode(heading);
                    section.Entries.Add(entry);
                    break;
                default:
                    (entry ?? section)?.Body.Add(block);
                    break;
            }
        }

        return outline;
    }
}

internal sealed class OutlineNode(HeadingBlock heading)
{
    public HeadingBlock Heading { get; } = heading;

    public string Name { get; } = PlainText.Inline(heading.Inline);

    public int Line => Heading.Line + 1;

    public List<Block> Body { get; } = [];

    public List<OutlineNode> Entries { get; } = [];
}
