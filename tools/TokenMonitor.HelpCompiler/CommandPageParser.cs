using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace TokenMonitor.HelpCompiler;

/// <summary>Turns the outline of one platyPS cmdlet page into a <see cref="CommandHelp"/>, or reports why it can't.</summary>
internal static class CommandPageParser
{
    private const string DefaultSetSuffix = " (Default)";

    public static CommandHelp? Parse(PageOutline outline, PageErrors errors)
    {
        var titleLine = outline.Title is null ? 1 : outline.Title.Line + 1;
        var name = outline.Title is null ? "" : PlainText.Inline(outline.Title.Inline);
        if (name.Length == 0)
        {
            errors.Add(titleLine, "missing '# Verb-Noun' title naming the command");
        }

        var synopsis = RequiredText(outline, "SYNOPSIS", titleLine, errors);
        var description = RequiredText(outline, "DESCRIPTION", titleLine, errors);
        var examples = ExampleSectionReader.Read(outline.Section("EXAMPLES"), titleLine, errors);
        var parameters = ParameterSectionReader.Read(outline.Section("PARAMETERS"), errors);
        if (errors.Count > 0)
        {
            return null;
        }

        var onlineVersion = FrontMatter.Read(outline.FrontMatter).GetValueOrDefault(FrontMatter.OnlineVersion);
        return new CommandHelp(
            Name: name,
            OnlineVersion: string.IsNullOrWhiteSpace(onlineVersion) ? null : onlineVersion,
            Synopsis: synopsis,
            Description: description,
            SyntaxSetNames: SyntaxSetNames(outline.Section("SYNTAX")),
            Parameters: parameters,
            Inputs: TypeEntries(outline.Section("INPUTS")),
            Outputs: TypeEntries(outline.Section("OUTPUTS")),
            Notes: outline.Section("NOTES") is { } notes ? AllText(notes) : [],
            Examples: examples,
            Links: Links(outline.Section("RELATED LINKS")));
    }

    private static List<string> RequiredText(PageOutline outline, string sectionName, int titleLine, PageErrors errors)
    {
        var section = outline.Section(sectionName);
        if (section is null)
        {
            errors.Add(titleLine, $"missing '## {sectionName}' section");
            return [];
        }

        var paragraphs = AllText(section);
        if (paragraphs.All(string.IsNullOrWhiteSpace))
        {
            errors.Add(section.Line, $"'## {sectionName}' has no text");
        }
        else if (PlatyPsPlaceholder.FindIn(paragraphs) is { } placeholder)
        {
            errors.Add(section.Line, $"'## {sectionName}' still has the placeholder '{placeholder}'");
        }

        return paragraphs;
    }

    // Sub-headings are not part of the schema for free-text sections, but dropping their text silently would be worse.
    private static List<string> AllText(OutlineNode section) =>
        PlainText.Paragraphs(section.Body.Concat(section.Entries.SelectMany(entry => entry.Body.Prepend(entry.Heading))));

    /// <summary>
    /// Parameter-set names in the order the SYNTAX section lists them, which is the cmdlet's own order
    /// (default set first); a lone code block without a heading means the cmdlet has a single set.
    /// </summary>
    private static List<string> SyntaxSetNames(OutlineNode? syntax)
    {
        if (syntax is null)
        {
            return [];
        }

        if (syntax.Entries.Count == 0)
        {
            return syntax.Body.OfType<CodeBlock>().Any() ? [ParameterMetadata.AllSets] : [];
        }

        return
        [
            .. syntax.Entries.Select(entry => entry.Name.EndsWith(DefaultSetSuffix, StringComparison.OrdinalIgnoreCase)
                ? entry.Name[..^DefaultSetSuffix.Length]
                : entry.Name),
        ];
    }

    private static List<TypeHelp> TypeEntries(OutlineNode? section) =>
        [.. (section?.Entries ?? []).Select(entry => new TypeHelp(entry.Name, PlainText.Paragraphs(entry.Body)))];

    private static List<LinkHelp> Links(OutlineNode? section)
    {
        var links = new List<LinkHelp>();
        foreach (var block in section?.Body ?? [])
        {
            var leaves = block is ContainerBlock container ? container.Descendants<LeafBlock>() : [(LeafBlock)block];
            foreach (var inline in leaves.SelectMany(leaf => leaf.Inline?.Descendants<Inline>() ?? []))
            {
                var link = inline switch
                {
                    LinkInline { IsImage: false } markdownLink => new LinkHelp(PlainText.Inline(markdownLink), markdownLink.Url ?? ""),
                    AutolinkInline autolink => new LinkHelp(autolink.Url, autolink.Url),
                    _ => null,
                };
                if (link is not null && link.Text.Length > 0)
                {
                    links.Add(link);
                }
            }
        }

        return links;
    }
}
