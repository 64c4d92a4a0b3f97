using System.Text;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace TokenMonitor.HelpCompiler;

/// <summary>
/// Flattens markdown to the plain text Get-Help prints: one string per maml:para.
/// </summary>
internal static class PlainText
{
    public static List<string> Paragraphs(IEnumerable<Block> blocks)
    {
        var paragraphs = new List<string>();
        foreach (var block in blocks)
        {
            AppendBlock(block, paragraphs, indent: "");
        }

        return paragraphs;
    }

    public static string Inline(ContainerInline? container)
    {
        var text = new StringBuilder();
        if (container is not null)
        {
            AppendInline(container, text);
        }

        return text.ToString().Trim();
    }

    public static string Code(LeafBlock code)
    {
        var lines = code.Lines.Lines.Take(code.Lines.Count).Select(line => line.Slice.ToString()).ToList();
        while (lines.Count > 0 && string.IsNullOrWhiteSpace(lines[^1]))
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return string.Join("\n", lines);
    }

    private static void AppendBlock(Block block, List<string> paragraphs, string indent)
    {
        switch (block)
        {
            case ParagraphBlock paragraph:
                paragraphs.Add(indent + Inline(paragraph.Inline));
                break;
            case HeadingBlock heading:
                paragraphs.Add(indent + Inline(heading.Inline));
                break;
            case CodeBlock code:
                // Indenting code would change what a reader copies, so it stays as written.
                paragraphs.Add(Code(code));
                break;
            case ListBlock list:
                AppendList(list, paragraphs, indent);
                break;
            case LinkReferenceDefinitionGroup:
                break;
            case ContainerBlock container:
                foreach (var child in container)
                {
                    AppendBlock(child, paragraphs, indent);
                }

                break;
        }
    }

    private static void AppendList(ListBlock list, List<string> paragraphs, string indent)
    {
        var number = list.IsOrdered && int.TryParse(list.OrderedStart, out var start) ? start : 1;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var marker = list.IsOrdered ? $"{number++}{list.OrderedDelimiter} " : "- ";
            var children = item.ToList();
            if (children.FirstOrDefault() is ParagraphBlock first)
            {
                paragraphs.Add(indent + marker + Inline(first.Inline));
                children.RemoveAt(0);
            }
            else
            {
                paragraphs.Add(indent + marker.TrimEnd());
            }

            foreach (var child in children)
            {
                AppendBlock(child, paragraphs, indent + "  ");
            }
        }
    }

    private static void AppendInline(Inline inline, StringBuilder text)
    {
        switch (inline)
        {
            case LiteralInline literal:
                text.Append(literal.Content.AsSpan());
                break;
            case CodeInline code:
                text.Append(code.Content);
                break;
            case LineBreakInline lineBreak:
                text.Append(lineBreak.IsHard ? "\n" : " ");
                break;
            case AutolinkInline autolink:
                text.Append(autolink.Url);
                break;
            case HtmlEntityInline entity:
                text.Append(entity.Transcoded.AsSpan());
                break;
            case HtmlInline:
                break;
            case ContainerInline container:
                foreach (var child in container)
                {
                    AppendInline(child, text);
                }

                break;
        }
    }
}
