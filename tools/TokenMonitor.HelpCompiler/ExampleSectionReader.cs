using Markdig.Syntax;

namespace TokenMonitor.HelpCompiler;

internal static class ExampleSectionReader
{
    public static List<ExampleHelp> Read(OutlineNode? section, int titleLine, PageErrors errors)
    {
        var examples = new List<ExampleHelp>();
        if (section is null)
        {
            errors.Add(titleLine, "missing '## EXAMPLES' section");
            return examples;
        }

        if (section.Entries.Count == 0)
        {
            errors.Add(section.Line, "'## EXAMPLES' has no '### Example' with a code block");
            return examples;
        }

        foreach (var entry in section.Entries)
        {
            var code = entry.Body.OfType<CodeBlock>().FirstOrDefault();
            if (code is null)
            {
                errors.Add(entry.Line, $"example '{entry.Name}' has no code block");
                continue;
            }

            // Text written before the code has nowhere better to go: maml:introduction is printed glued to
            // the code (it is meant for a "PS C:\>" prompt), so it joins the remarks, ahead of the rest.
            var remarks = PlainText.Paragraphs(entry.Body.Where(block => block != code));
            var codeText = PlainText.Code(code);
            if (PlatyPsPlaceholder.FindIn(remarks.Prepend(codeText)) is { } placeholder)
            {
                errors.Add(entry.Line, $"example '{entry.Name}' still has the placeholder '{placeholder}'");
                continue;
            }

            examples.Add(new ExampleHelp(entry.Name, codeText, remarks));
        }

        return examples;
    }
}
